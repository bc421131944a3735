package scan

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/scan/nmapxml"
)

// Runner runs a planned check. *Nmap is the real one; the TUI and the
// command line take this interface so tests can give them a fake.
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
	// Batch is the run in progress, 1-based, of Batches (IPv4, then IPv6).
	Batch, Batches int
}

// Result is one check with what it observed.
type Result struct {
	Check        inventory.Check
	Observations []inventory.Observation
	// Conflicts found while matching observations to assets.
	Conflicts []Conflict
}

// Nmap runs checks with the nmap binary: one process per address family,
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

// Args returns the arguments a run of plan would give nmap for one address
// family, with targetsFile standing for the -iL file. It is for showing and
// testing the command; Run builds its own.
func (n *Nmap) Args(plan Plan, targetsFile string, v6 bool) ([]string, error) {
	return n.opts.nmapArgs(plan, targetsFile, v6)
}

// Run scans the plan's targets. An interrupted run (ctx cancelled, nmap
// killed, output cut short) is not an error: it returns every host nmap
// completed, with Check.Partial set and the reason. Run fails only when it
// learned nothing: nmap could not start, or exited with an error before
// reporting any host.
func (n *Nmap) Run(ctx context.Context, plan Plan, onProgress func(Progress)) (Result, error) {
	if plan.Empty() {
		return Result{}, inventory.Errorf(inventory.ErrInvalid, "nothing to check: the plan has no targets")
	}
	if len(plan.Scope) == 0 {
		return Result{}, ErrNoScope
	}
	now := n.opts.Now
	check := inventory.Check{StartedAt: now(), Source: "live", Targets: plan.AllTargets(), Ports: plan.Ports}
	col := newCollector(plan.Expect, false, now)

	var batches [][]string
	var families []bool
	for _, v6 := range []bool{false, true} {
		if t := plan.Targets(v6); len(t) > 0 {
			batches = append(batches, t)
			families = append(families, v6)
		}
	}
	for i, targets := range batches {
		if check.Partial {
			break
		}
		out, err := n.runBatch(ctx, plan, targets, families[i], col, func(p Progress) {
			if onProgress != nil {
				p.Batch, p.Batches = i+1, len(batches)
				onProgress(p)
			}
		})
		if len(check.Args) > 0 {
			check.Args = append(check.Args, ";")
		}
		check.Args = append(check.Args, out.args...)
		if err != nil {
			if col.hosts > 0 {
				check.Partial, check.PartialReason = true, err.Error()
				break
			}
			return Result{}, err
		}
		if out.partialReason != "" {
			check.Partial, check.PartialReason = true, out.partialReason
		}
	}
	check.EndedAt = now()
	obs := col.finish(check.Partial, check.EndedAt)
	tally(&check, obs)
	return Result{Check: check, Observations: obs}, nil
}

type batchOutcome struct {
	args          []string
	partialReason string
}

// runBatch runs one nmap process over targets, feeding each host to col as
// it arrives.
func (n *Nmap) runBatch(ctx context.Context, plan Plan, targets []string, v6 bool,
	col *collector, onProgress func(Progress)) (batchOutcome, error) {
	file, err := writeTargets(targets, plan.Scope)
	if err != nil {
		return batchOutcome{}, err
	}
	defer os.Remove(file)
	args, err := n.opts.nmapArgs(plan, file, v6)
	if err != nil {
		return batchOutcome{}, err
	}
	out := batchOutcome{args: args}
	if err := ctx.Err(); err != nil {
		return out, interrupted(ctx)
	}
	argv := append(append(append([]string(nil), n.opts.Prefix...), n.opts.Binary), args...)
	env := n.opts.Env
	if env == nil {
		env = os.Environ()
	}
	proc, err := startProcess(argv, env, n.opts.Grace)
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			return out, ErrNmapMissing
		}
		return out, &inventory.Error{Kind: inventory.ErrUnavailable, Msg: "cannot start nmap", Err: err}
	}
	watchDone := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			proc.stop()
		case <-watchDone:
		}
	}()

	// Progress goes out with each of nmap's reports and with each host.
	last := Progress{Addresses: countAddresses(targets)}
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
	if decodeErr != nil && !errors.Is(decodeErr, nmapxml.ErrTruncated) {
		// Unreadable output: nothing more can be trusted, so stop nmap
		// rather than let it block on a pipe nobody reads.
		proc.stop()
	}
	drain(proc)
	waitErr := proc.wait()
	close(watchDone)

	if ctx.Err() != nil {
		out.partialReason = interrupted(ctx).Error()
		return out, nil
	}
	stderr := proc.stderr.lastLines(3)
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			out.partialReason = "nmap was killed (" + ws.Signal().String() + ")"
			return out, nil
		}
		return out, nmapFailed(exitErr.ExitCode(), stderr, decodeErr)
	}
	if waitErr != nil {
		return out, &inventory.Error{Kind: inventory.ErrUnavailable, Msg: "nmap failed", Err: waitErr}
	}
	switch {
	case decodeErr != nil && errors.Is(decodeErr, nmapxml.ErrTruncated):
		out.partialReason = "nmap's output ended before the scan finished"
	case decodeErr != nil:
		out.partialReason = "nmap's output could not be read: " + decodeErr.Error()
	case !summary.Finished:
		out.partialReason = "nmap's output ended before the scan finished"
	case summary.ErrorMsg != "":
		out.partialReason = "nmap reported an error: " + summary.ErrorMsg
	case summary.ExitStatus != "" && summary.ExitStatus != "success":
		out.partialReason = "nmap reported exit status " + summary.ExitStatus
	}
	if out.partialReason != "" && col.hosts == 0 && stderr != "" {
		return out, nmapFailed(0, stderr, decodeErr)
	}
	return out, nil
}

// countAddresses adds up the addresses of validated targets.
func countAddresses(targets []string) int {
	n := 0
	for _, t := range targets {
		p, err := ParseTarget(t)
		if err != nil {
			continue
		}
		if bits := p.Addr().BitLen() - p.Bits(); bits < 31 {
			n += 1 << bits
		}
	}
	return n
}

// drain reads what is left of nmap's output so it can exit.
func drain(p *process) {
	buf := make([]byte, 32<<10)
	for {
		if _, err := p.stdout.Read(buf); err != nil {
			return
		}
	}
}

func interrupted(ctx context.Context) error {
	cause := context.Cause(ctx)
	switch {
	case errors.Is(cause, context.DeadlineExceeded):
		return fmt.Errorf("interrupted: the check ran out of time")
	case cause == nil || errors.Is(cause, context.Canceled):
		return fmt.Errorf("interrupted before nmap finished")
	}
	return fmt.Errorf("interrupted: %v", cause)
}

func nmapFailed(code int, stderr string, decodeErr error) error {
	msg := "nmap failed"
	if code != 0 {
		msg = fmt.Sprintf("nmap failed (exit status %d)", code)
	}
	switch {
	case stderr != "":
		msg += ": " + stderr
	case decodeErr != nil:
		msg += ": " + decodeErr.Error()
	}
	return &inventory.Error{Kind: inventory.ErrUnavailable, Msg: strings.TrimSpace(msg)}
}
