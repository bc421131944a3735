package scan

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

// benchSweep is the live benchmark's target: the 4,096 addresses of a
// loopback /20, on a few ports, one of them open on 127.0.0.2.
const benchSweep = "127.0.0.0/20"

func benchPlan(b *testing.B, openPort int) Plan {
	b.Helper()
	pol := testPolicy("127.0.0.0/16", "")
	pol.Ports = []int{22, 80, 443, openPort}
	plan, err := NewPlan(context.Background(), PlanInput{Policy: pol, Only: []string{benchSweep}})
	if err != nil {
		b.Fatal(err)
	}
	return plan
}

// BenchmarkLiveSweep compares, on the same plan and the same nmap
// arguments: nmap run directly with its XML thrown away; sunset's runner
// (stream, decode, observe); and sunset's whole check (plan, run, match,
// store in SQLite). It does so for the connect scan and, as root, the SYN
// scan. scan/bench/compare.sh runs it and prints the ratios.
func BenchmarkLiveSweep(b *testing.B) {
	requireNmap(b)
	open := listen(b, "127.0.0.2")
	plan := benchPlan(b, open)
	modes := []struct {
		name string
		priv Privilege
	}{{"connect", PrivilegeNone}}
	if os.Geteuid() == 0 {
		modes = append(modes, struct {
			name string
			priv Privilege
		}{"syn", PrivilegeRoot})
	}
	for _, mode := range modes {
		n, err := NewNmap(Options{Privilege: mode.priv})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(mode.name+"/nmap-direct", func(b *testing.B) { benchDirect(b, n, plan) })
		b.Run(mode.name+"/sunset-run", func(b *testing.B) { benchRun(b, n, plan) })
		b.Run(mode.name+"/sunset-check", func(b *testing.B) { benchCheck(b, n, open) })
	}
}

func benchDirect(b *testing.B, n *Nmap, plan Plan) {
	batches := plan.Batches()
	if len(batches) != 1 {
		b.Fatalf("the plan takes %d nmap runs, want 1", len(batches))
	}
	targets, err := targetList(batches[0].Targets, plan.Scope)
	if err != nil {
		b.Fatal(err)
	}
	args, err := n.Args(batches[0])
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(n.opts.Binary, args...)
		cmd.Stdin = bytes.NewReader(targets)
		cmd.Stdout = io.Discard
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
}

func benchRun(b *testing.B, n *Nmap, plan Plan) {
	for i := 0; i < b.N; i++ {
		res, err := n.Run(context.Background(), plan, nil)
		if err != nil {
			b.Fatal(err)
		}
		if res.Check.Partial || res.Check.HostsAnswered != 4096 {
			b.Fatalf("partial=%v answered=%d", res.Check.Partial, res.Check.HostsAnswered)
		}
	}
}

func benchCheck(b *testing.B, n *Nmap, open int) {
	st, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{Actor: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	err = st.Update(ctx, func(w inventory.Writer) error {
		if err := w.SetPolicyValue(ctx, "scan.scope", "127.0.0.0/16"); err != nil {
			return err
		}
		return w.SetPolicyValue(ctx, "scan.ports", "22,80,443,"+strconv.Itoa(open))
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Check(ctx, st, n, CheckRequest{Only: []string{benchSweep}})
		if err != nil {
			b.Fatal(err)
		}
		if res.Check.HostsAnswered != 4096 {
			b.Fatalf("answered=%d", res.Check.HostsAnswered)
		}
	}
}
