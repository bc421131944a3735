package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// guideStep is one step of the demo's story: what to do, and how the
// guide says it is done once the inventory shows it.
type guideStep struct {
	todo, done string
	// isDone reads whether the step is done.
	isDone func(ctx context.Context, r inventory.Reader) bool
}

// guide returns the suggested path through the dashboard for this lab, as
// it stands when asked: each step done so far marked ✓, then what is left,
// the next step first. The keys named are the TUI's (C checks everything,
// 3 shows findings, 5 unknown devices, / filters, t changes the stage, D
// closes a mapping). since is when the demo started: a check recorded
// after it is the newcomer's own.
func guide(nw network, r refs, store inventory.Reader, since time.Time) func(ctx context.Context) []string {
	steps := guideSteps(nw, r, since)
	return func(ctx context.Context) []string {
		var done, todo []string
		for _, s := range steps {
			if s.isDone != nil && s.isDone(ctx, store) {
				done = append(done, "✓ "+s.done)
			} else {
				todo = append(todo, s.todo)
			}
		}
		if len(todo) == 0 {
			todo = append(todo, "The story is told. Next, the policy screen (6) sets what may be scanned; "+
				"on the asset list, space and A select many assets and t moves them at once.")
		}
		return append(done, todo...)
	}
}

func guideSteps(nw network, r refs, since time.Time) []guideStep {
	vm := r.vendorMapping
	mapping := fmt.Sprintf("mapping #%d (%s, HVAC contractor)", vm.ID, vm.External())
	if nw.mode == None {
		return []guideStep{
			{todo: fmt.Sprintf("Without a live lab only the inventory speaks: %s expired on %s and is still open.", mapping, vm.ExpiresOn)},
			{todo: "Install nmap (apt-get install -y nmap) and run `sunset demo` again to see live checks find the three incidents."},
			{todo: fmt.Sprintf("Press 2, / and type %s, enter twice, then press t to try retiring it — the guard lists what is missing.", TagReadyToRetire)},
		}
	}
	stranger := nw.addr(strangerOctet, false).String()
	retire := guideStep{
		todo: fmt.Sprintf("Press 2, / and type %s, enter twice: it went dark, so press t and choose retired — every guard is met.", TagReadyToRetire),
		done: fmt.Sprintf("%s is retired, proven dark by the check.", TagReadyToRetire),
	}
	if nw.mode != Namespaces {
		retire.todo = fmt.Sprintf("Press 2, / and type %s, enter twice, then press t: in the loopback lab nothing can be proven dark, "+
			"so the guard refuses and says why.", TagReadyToRetire)
		retire.done = fmt.Sprintf("%s is retired.", TagReadyToRetire)
	}
	retire.isDone = func(ctx context.Context, st inventory.Reader) bool {
		a, err := st.FindAsset(ctx, TagReadyToRetire)
		return err == nil && slices.Contains([]inventory.Stage{inventory.StageRetired, inventory.StageDisposed}, a.Stage)
	}
	return []guideStep{
		{
			todo: "Press C to check the lab live (a few seconds), then 3 for the findings, worst first: " +
				fmt.Sprintf("%s, retired by a forced override, answers with RDP open; %s, idle for a year, holds every camera's password; %s expired %s ago and still answers.",
					TagForgottenServer, TagCameraPlatform, mapping, "two years"),
			done: "You checked the lab: 3 lists the findings, worst first.",
			isDone: func(ctx context.Context, st inventory.Reader) bool {
				checks, err := st.Checks(ctx, 1)
				return err == nil && len(checks) > 0 && !checks[0].RecordedAt.Before(since)
			},
		},
		{
			todo: fmt.Sprintf("Something unknown answers at %s: press 5 to adopt or dismiss it.", stranger),
			done: fmt.Sprintf("The unknown device at %s is adopted or dismissed.", stranger),
			isDone: func(ctx context.Context, st inventory.Reader) bool {
				if _, err := st.FindAsset(ctx, stranger); err == nil {
					return true
				}
				ds, err := st.Dismissals(ctx)
				return err == nil && slices.ContainsFunc(ds, func(d inventory.Dismissal) bool { return d.Address == stranger })
			},
		},
		retire,
		{
			todo: fmt.Sprintf("Once the contractor's forward is removed, record %s closed: open %s, → to Mappings, D; the next check proves it.",
				mapping, TagMaintainedServer),
			done: fmt.Sprintf("Mapping #%d is recorded closed.", vm.ID),
			isDone: func(ctx context.Context, st inventory.Reader) bool {
				m, err := st.Mapping(ctx, vm.ID)
				return err == nil && !m.Open()
			},
		},
	}
}
