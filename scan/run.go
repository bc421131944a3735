package scan

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/scan/nmapxml"
)

// Runner runs a planned check. *Nmap is the real one; the TUI and the
// command line take this interface so tests can give them a fake. A run
// nmap did not finish returns its partial result with a *CheckFailed.
type Runner interface {
	Run(ctx context.Context, plan Plan, onProgress func(Progress)) (Result, error)
}

// Progress is how far a running check has got.
type Progress struct {
	// Task is nmap's current phase ("ARP Ping Scan", "SYN Stealth Scan").
	Task      string
	Percent   float64
	Remaining time.Duration
	ETC       time.Time
	// Hosts counts the hosts nmap has reported so far, and Answered those
	// of them that answered; Addresses is how many addresses the running
	// batch covers (a sweep's silent addresses are never reported).
	Hosts, Answered, Addresses int
	// Batch is the nmap run in progress, 1-based, of Batches (see
	// Plan.Batches: IPv4 runs, then IPv6).
	Batch, Batches int
}

// Result is one check with what it observed.
type Result struct {
	Check        inventory.Check
	Observations []inventory.Observation
	// Conflicts found while matching observations to assets.
	Conflicts []Conflict
	// Cut counts the values that were cut to fit the caps on what one
	// host may bring (see nmapxml.MaxPorts and its neighbours): text
	// shortened, hostnames and ports left out.
	Cut int
}

// Nmap runs checks with the nmap binary: one process per batch of the
// plan (see Plan.Batches), its targets written to its standard input and
// its XML read from a pipe as nmap writes it, never held whole in memory.
type Nmap struct {
	opts Options
}

// NewNmap finds nmap (Options.Binary, or PATH) and returns a runner; the
// error says how to install nmap when it is missing.
func NewNmap(opts Options) (*Nmap, error) {
	opts = opts.withDefaults()
	if len(opts.Prefix) == 0 {
		path, err := LookPath(opts.Binary)
		if err != nil {
			return nil, err
		}
		opts.Binary = path
	} else if opts.Binary == "" {
		opts.Binary = "nmap"
	}
	return &Nmap{opts: opts}, nil
}

// Args returns the arguments Run gives nmap for one batch of a plan; the
// batch's targets go to nmap's standard input (-iL -). It is for showing
// and testing the command; Run builds its own.
func (n *Nmap) Args(b Batch) ([]string, error) {
	return n.opts.nmapArgs(b)
}

// CheckFailed is the error of a check nmap did not finish: what it
// observed before is in the Result returned with it, marked partial, and
// proves nothing dark. Its kind is inventory.ErrUnavailable.
type CheckFailed struct{ Reason string }

func (e *CheckFailed) Error() string { return "the check failed: " + e.Reason }

// Unwrap lets inventory.KindOf find the kind, so that the command line
// exits as it does for any check that could not be done.
func (e *CheckFailed) Unwrap() error {
	return &inventory.Error{Kind: inventory.ErrUnavailable, Msg: e.Reason}
}

// Run scans the plan's targets. When nmap does not finish the scan (it is
// killed by a signal, exits non-zero, reports an error in its XML, or its
// output ends early) Run returns every host nmap completed, with
// Check.Partial set and the reason, together with a *CheckFailed; if nmap
// reported no host at all, the result has no observations but its Check
// still says what happened and when. A run interrupted through ctx is
// partial too, but no error. Run fails without a check only when nmap
// never ran: the plan is invalid or nmap could not start.
func (n *Nmap) Run(ctx context.Context, plan Plan, onProgress func(Progress)) (Result, error) {
	if plan.Empty() {
		return Result{}, inventory.Errorf(inventory.ErrInvalid, "nothing to check: the plan has no targets")
	}
	if len(plan.Scope) == 0 {
		return Result{}, ErrNoScope
	}
	now := n.opts.Now
	check := inventory.Check{StartedAt: now(), Source: "live", Targets: plan.AllTargets(), Ports: plan.AllPorts()}
	batches := plan.Batches()
	inputs, err := targetLists(batches, plan.Scope)
	if err != nil {
		return Result{}, err
	}
	col := newCollector(plan.Expect, false, now)
	var failure error
	cut := 0
	for i, b := range batches {
		out, err := n.runBatch(ctx, b, inputs[i], col, func(p Progress) {
			if onProgress != nil {
				p.Batch, p.Batches = i+1, len(batches)
				onProgress(p)
			}
		})
		if len(check.Args) > 0 {
			check.Args = append(check.Args, ";")
		}
		check.Args = append(check.Args, out.args...)
		cut += out.cut
		if err != nil {
			if i == 0 { // nmap never ran: there is no check
				return Result{}, err
			}
			out.failed = err.Error()
		}
		if out.failed != "" {
			failure = &CheckFailed{Reason: out.failed}
			check.Partial, check.PartialReason = true, out.failed
			break
		}
		if out.interrupted != "" {
			check.Partial, check.PartialReason = true, out.interrupted
			break
		}
	}
	check.EndedAt = now()
	var obs []inventory.Observation
	if failure == nil || col.hosts > 0 {
		obs = col.finish(check.Partial, check.EndedAt)
	}
	tally(&check, obs)
	return Result{Check: check, Observations: obs, Cut: cut}, failure
}

// batchOutcome is how one nmap run went: interrupted says why ctx stopped
// it, failed why nmap did not finish the scan; both are empty when it did.
// cut counts the values of its hosts that were cut to fit.
type batchOutcome struct {
	args        []string
	interrupted string
	failed      string
	cut         int
}

// runBatch runs one nmap process over a batch, writing targets (the
// batch's, from targetLists) to its standard input and feeding each host
// to col as it arrives. Its error means nmap never ran.
func (n *Nmap) runBatch(ctx context.Context, b Batch, targets []byte,
	col *collector, onProgress func(Progress)) (batchOutcome, error) {
	args, err := n.opts.nmapArgs(b)
	if err != nil {
		return batchOutcome{}, err
	}
	out := batchOutcome{args: args}
	if ctx.Err() != nil {
		out.interrupted = interrupted(ctx)
		return out, nil
	}
	proc, err := n.start(args, targets)
	if err != nil {
		return out, err
	}
	end := follow(ctx, proc, col, Progress{Addresses: countAddresses(b.Targets)}, onProgress)
	out.cut = end.summary.Cut
	if ctx.Err() != nil {
		out.interrupted = interrupted(ctx)
	} else {
		out.failed = end.failure()
	}
	return out, nil
}

// start runs nmap with args, and writes targets to its standard input.
func (n *Nmap) start(args []string, targets []byte) (*process, error) {
	argv := append(append(append([]string(nil), n.opts.Prefix...), n.opts.Binary), args...)
	env := n.opts.Env
	if env == nil {
		env = os.Environ()
	}
	proc, err := startProcess(argv, env, n.opts.Grace, targets)
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			return nil, ErrNmapMissing
		}
		return nil, &inventory.Error{Kind: inventory.ErrUnavailable, Msg: "cannot start nmap", Err: err}
	}
	return proc, nil
}

// ending is what sunset saw of how one nmap process ended.
type ending struct {
	summary   nmapxml.Summary
	decodeErr error
	waitErr   error
	// stderr holds the last lines nmap wrote there.
	stderr string
}

// follow reads nmap's XML as it comes, feeding each host to col and
// reporting progress from last on, until nmap has exited; it stops nmap
// when ctx is cancelled.
func follow(ctx context.Context, proc *process, col *collector, last Progress, onProgress func(Progress)) ending {
	watchDone := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			proc.stop()
		case <-watchDone:
		}
	}()

	// Progress goes out with each of nmap's reports and with each host.
	report := func() {
		last.Hosts, last.Answered = col.hosts, col.answered
		onProgress(last)
	}
	onHost := func(h nmapxml.Host) error {
		err := col.host(h)
		report()
		return err
	}
	summary, decodeErr := nmapxml.DecodeWithProgress(proc.stdout, onHost, func(p nmapxml.Progress) {
		last.Task, last.Percent, last.Remaining, last.ETC = p.Task, p.Percent, p.Remaining, p.ETC
		report()
	})
	if unreadable(decodeErr) {
		// Nothing more can be trusted, so stop nmap rather than let it
		// block on a pipe nobody reads.
		proc.stop()
	}
	drain(proc)
	waitErr := proc.wait()
	close(watchDone)
	return ending{summary: summary, decodeErr: decodeErr, waitErr: waitErr, stderr: proc.stderr.lastLines(3)}
}

func unreadable(decodeErr error) bool {
	return decodeErr != nil && !errors.Is(decodeErr, nmapxml.ErrTruncated)
}

// failure says why nmap, left to itself, did not finish the scan; "" when
// it did. Unreadable output comes first, because sunset then stopped nmap
// itself; nmap's own error message before its exit status, which says
// less.
func (e ending) failure() string {
	sig, signaled := signalOf(e.waitErr)
	var exitErr *exec.ExitError
	switch {
	case unreadable(e.decodeErr):
		return "nmap's output could not be read: " + e.decodeErr.Error()
	case signaled:
		return fmt.Sprintf("nmap was killed by signal %s (%s)", unix.SignalName(sig), sig)
	case e.summary.ErrorMsg != "":
		return "nmap reported an error: " + e.summary.ErrorMsg
	case errors.As(e.waitErr, &exitErr):
		return withStderr(fmt.Sprintf("nmap exited with status %d", exitErr.ExitCode()), e.stderr)
	case e.waitErr != nil:
		return "nmap failed: " + e.waitErr.Error()
	case e.decodeErr != nil || !e.summary.Finished:
		return withStderr("nmap's output ended before the scan finished", e.stderr)
	case e.summary.ExitStatus != "" && e.summary.ExitStatus != "success":
		return "nmap reported exit status " + e.summary.ExitStatus
	}
	return ""
}

// signalOf returns the signal that ended nmap, if one did.
func signalOf(waitErr error) (syscall.Signal, bool) {
	var exitErr *exec.ExitError
	if !errors.As(waitErr, &exitErr) {
		return 0, false
	}
	ws, ok := exitErr.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return 0, false
	}
	return ws.Signal(), true
}

func withStderr(reason, stderr string) string {
	if stderr == "" {
		return reason
	}
	return reason + ": " + stderr
}

// countAddresses adds up the addresses of validated targets.
func countAddresses(targets []string) int {
	n := 0
	for _, t := range targets {
		if p, err := ParseTarget(t); err == nil {
			n += prefixSize(p)
		}
	}
	return n
}

// prefixSize counts the addresses of a range; an IPv6 range too large to
// count counts as 2^40, more than any check may probe.
func prefixSize(p netip.Prefix) int { return 1 << min(p.Addr().BitLen()-p.Bits(), 40) }

// drain reads what is left of nmap's output so it can exit.
func drain(p *process) {
	buf := make([]byte, 32<<10)
	for {
		if _, err := p.stdout.Read(buf); err != nil {
			return
		}
	}
}

func interrupted(ctx context.Context) string {
	cause := context.Cause(ctx)
	switch {
	case errors.Is(cause, context.DeadlineExceeded):
		return "interrupted: the check ran out of time"
	case cause == nil || errors.Is(cause, context.Canceled):
		return "interrupted before nmap finished"
	}
	return fmt.Sprintf("interrupted: %v", cause)
}
