package tui

import (
	"cmp"
	"context"
	"slices"

	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// stageVerdict is what a stage change of some assets would do: how many
// may move, move by force or may not, the refusals counted by what they
// say, and the decisions about the first assets in full. It holds no more
// however many assets were judged.
type stageVerdict struct {
	req                             lifecycle.Request
	total, allowed, forced, refused int
	// groups count the refusals by what they say, most assets first.
	groups []refusalGroup
	// shown are decisions about single assets to show in full: every one
	// of a small selection, the refused and forced ones of a large one,
	// at most stageShown.
	shown []shownDecision
	// more counts the decisions left out of shown.
	more int
}

// refusalGroup is one refusal as many assets have it.
type refusalGroup struct {
	key string
	// example is the refusal of the first asset that has it, worded.
	example string
	count   int
}

type shownDecision struct {
	name string
	d    lifecycle.Decision
}

// judgeStage decides req for every asset of facts, a summary kept as it
// goes. It stops, with ctx's error, when ctx ends.
func judgeStage(ctx context.Context, facts service.StageFacts, req lifecycle.Request, words func(lifecycle.Step) string) (*stageVerdict, error) {
	v := &stageVerdict{req: req, total: facts.Len()}
	small := facts.Len() <= stageShown
	groups := map[string]int{}
	err := facts.DecideEach(ctx, req, func(i int, d lifecycle.Decision) {
		switch {
		case d.Allowed && d.Forced:
			v.allowed++
			v.forced++
		case d.Allowed:
			v.allowed++
		default:
			v.refused++
			for _, r := range d.Refusals {
				k := string(d.From) + "\x00" + r.Code
				n, ok := groups[k]
				if !ok {
					n = len(v.groups)
					groups[k] = n
					v.groups = append(v.groups, refusalGroup{key: k, example: lifecycle.Advise(safe.Text(r.Message), r.Steps, words)})
				}
				v.groups[n].count++
			}
		}
		if small || !d.Allowed || d.Forced {
			if len(v.shown) < stageShown {
				v.shown = append(v.shown, shownDecision{name: safe.Text(facts.Asset(i).Ref()), d: d.Worded(words)})
			} else {
				v.more++
			}
		}
	})
	slices.SortStableFunc(v.groups, func(a, b refusalGroup) int { return cmp.Compare(b.count, a.count) })
	return v, err
}

// lines draws the verdict in width cells: for more than one asset the
// counts and the refusals by what they say, then each decision shown.
func (v *stageVerdict) lines(st Styles, width int) []string {
	var out []string
	if v.total > 1 {
		counts := st.Done.Render("✓ "+thousands(v.allowed-v.forced)+" may move") +
			st.Muted.Render(" · ") + st.NotDone.Render("! "+thousands(v.forced)+" by force") +
			st.Muted.Render(" · ") + st.StatusError.Render("✗ "+thousands(v.refused)+" may not")
		out = append(out, counts)
		for _, g := range v.groups {
			for i, l := range wrap(thousands(g.count)+" assets, e.g. "+g.example, width-2) {
				prefix := "  "
				if i == 0 {
					prefix = "✗ "
				}
				out = append(out, st.StatusError.Render(prefix)+l)
			}
		}
		if len(v.shown) > 0 {
			out = append(out, "")
		}
	}
	for _, s := range v.shown {
		d := s.d
		switch {
		case d.Allowed && d.Forced:
			out = append(out, st.NotDone.Render("! "+s.name+": allowed by force, overriding:"))
			out = append(out, refusalLines(st, d.Overridden, width)...)
		case d.Allowed:
			ok := "✓ " + s.name + ": may move from " + string(d.From) + " to " + string(d.To)
			if d.Proof != nil {
				ok += " (proved dark by " + safe.Text(d.Proof.Origin) + ")"
			}
			for _, l := range wrap(ok, width) {
				out = append(out, st.Done.Render(l))
			}
		default:
			for _, l := range wrap("✗ "+s.name+" may not move from "+string(d.From)+" to "+string(d.To)+":", width) {
				out = append(out, st.StatusError.Render(l))
			}
			out = append(out, refusalLines(st, d.Refusals, width)...)
		}
	}
	if v.more > 0 {
		out = append(out, st.Muted.Render("… and "+thousands(v.more)+" more, counted above"))
	}
	return out
}

// refusalLines writes each reason and, indented, what would satisfy it.
// The decision was worded already: its steps are the TUI's, safe text.
func refusalLines(st Styles, rs []lifecycle.Refusal, width int) []string {
	var out []string
	for _, r := range rs {
		for i, l := range wrap(safe.Text(r.Message), width-4) {
			prefix := "    "
			if i == 0 {
				prefix = "  • "
			}
			out = append(out, prefix+l)
		}
		if fix := r.Fix; fix != "" {
			for _, l := range wrap("→ "+fix, width-4) {
				out = append(out, "    "+st.Muted.Render(l))
			}
		}
	}
	return out
}
