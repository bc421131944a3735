package lifecycle

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Guard returns every condition of a transition that the facts do not
// meet; none means the move may go ahead.
type Guard func(f Facts, p inventory.Policy, now time.Time) []Refusal

// Transition is one allowed stage change.
type Transition struct {
	From, To inventory.Stage
	// Backward moves undo progress (a device put back into service); they
	// need a reason.
	Backward bool
	// Needs says in words what the guard checks; empty when nothing.
	Needs string
	Guard Guard
}

// transitions is the one table of allowed stage changes. Anything not
// listed is refused, even with --force: force overrides a guard, it does
// not invent a path that skips decommissioning.
var transitions = []Transition{
	{From: inventory.StagePlanned, To: inventory.StageActive},
	{From: inventory.StagePlanned, To: inventory.StageSpare},
	{From: inventory.StageSpare, To: inventory.StageActive},
	{From: inventory.StageSpare, To: inventory.StageDecommissioning},
	{From: inventory.StageActive, To: inventory.StageDecommissioning},
	{From: inventory.StageDecommissioning, To: inventory.StageRetired, Guard: retireGuard,
		Needs: "every required checklist item done; a complete check newer than check.fresh found no answer " +
			"at any of its addresses; every port mapping closed and verified closed by a check after its closing"},
	{From: inventory.StageRetired, To: inventory.StageDisposed, Guard: disposeGuard,
		Needs: "a sanitization record (NIST SP 800-88) when the asset stores data"},

	{From: inventory.StageSpare, To: inventory.StagePlanned, Backward: true},
	{From: inventory.StageActive, To: inventory.StageSpare, Backward: true},
	{From: inventory.StageDecommissioning, To: inventory.StageActive, Backward: true},
	{From: inventory.StageDecommissioning, To: inventory.StageSpare, Backward: true},
	{From: inventory.StageRetired, To: inventory.StageDecommissioning, Backward: true},
	{From: inventory.StageDisposed, To: inventory.StageRetired, Backward: true},
}

// Transitions returns the table of allowed stage changes.
func Transitions() []Transition { return slices.Clone(transitions) }

// Lookup finds the transition from one stage to another.
func Lookup(from, to inventory.Stage) (Transition, bool) {
	for _, t := range transitions {
		if t.From == from && t.To == to {
			return t, true
		}
	}
	return Transition{}, false
}

// Next lists the transitions out of a stage, in table order.
func Next(from inventory.Stage) []Transition {
	var out []Transition
	for _, t := range transitions {
		if t.From == from {
			out = append(out, t)
		}
	}
	return out
}

// Path is the shortest chain of forward stages from one stage to another
// (both included), or nil when forward moves cannot get there.
func Path(from, to inventory.Stage) []inventory.Stage {
	prev := map[inventory.Stage]inventory.Stage{from: from}
	queue := []inventory.Stage{from}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == to {
			var path []inventory.Stage
			for s := to; s != from; s = prev[s] {
				path = append(path, s)
			}
			path = append(path, from)
			slices.Reverse(path)
			return path
		}
		for _, t := range Next(cur) {
			if _, seen := prev[t.To]; !seen && !t.Backward {
				prev[t.To] = cur
				queue = append(queue, t.To)
			}
		}
	}
	return nil
}

// Facts is what a stage decision looks at.
type Facts struct {
	Asset inventory.Asset
	// Checklist is the asset's stored checklist; the guard merges it with
	// what the asset's attributes and mappings call for.
	Checklist []inventory.ChecklistItem
	// Mappings are the asset's port mappings, open and closed.
	Mappings []inventory.PortMapping
	// Sanitization is the asset's record; nil when none was recorded.
	Sanitization *inventory.Sanitization
	// Evidence holds the checks that covered the asset and its mappings.
	Evidence Evidence
}

// Request is a stage change someone asked for.
type Request struct {
	To     inventory.Stage
	Reason string
	// Force overrides the guard's refusals; it needs a reason.
	Force bool
}

// Decision is the answer to a Request. When Allowed, the caller stores the
// change with SetStage(..., reason, Forced).
type Decision struct {
	Asset    string          `json:"asset"`
	From     inventory.Stage `json:"from"`
	To       inventory.Stage `json:"to"`
	Allowed  bool            `json:"allowed"`
	Backward bool            `json:"backward"`
	// Forced is true when --force overrode at least one guard refusal;
	// history must record it.
	Forced bool `json:"forced"`
	// Refusals lists every reason the move may not happen (empty when
	// Allowed).
	Refusals []Refusal `json:"refusals,omitempty"`
	// Overridden lists the guard refusals that --force overrode.
	Overridden []Refusal `json:"overridden,omitempty"`
	// Proof is the check that proved the asset dark, for an allowed move
	// to retired that no force overrode.
	Proof *Proof `json:"proof,omitempty"`
}

// Decide says whether asset f.Asset may move to req.To at now, listing every
// unmet condition with what would satisfy it.
func Decide(f Facts, req Request, p inventory.Policy, now time.Time) Decision {
	from, to := f.Asset.Stage, req.To
	d := Decision{Asset: f.Asset.Ref(), From: from, To: to}
	name := displayName(f.Asset)
	refuse := func(r Refusal) { d.Refusals = append(d.Refusals, r) }

	if _, err := inventory.ParseStage(string(to)); err != nil || inventory.Stage(strings.ToLower(string(to))) != to {
		refuse(Refusal{Code: CodeUnknownStage, Message: fmt.Sprintf("%q is not a stage", to),
			Steps: []Step{do("use one of " + stageList(inventory.Stages))}})
		return d
	}
	if from == to {
		refuse(Refusal{Code: CodeSameStage, Message: fmt.Sprintf("%s is already %s", name, to),
			Steps: []Step{do("nothing to do; the next stages are " + orNone(nextStages(from)))}})
		return d
	}
	t, ok := Lookup(from, to)
	if !ok {
		fix := "the next stages from " + string(from) + " are " + orNone(nextStages(from))
		if path := Path(from, to); path != nil {
			fix = "go through the stages one at a time: " + stageChain(path)
		}
		refuse(Refusal{Code: CodeNoTransition, Message: fmt.Sprintf("%s cannot move from %s to %s directly", name, from, to),
			Steps: []Step{do(fix)}})
		return d
	}
	d.Backward = t.Backward

	reason := strings.TrimSpace(req.Reason)
	if problem := textProblem(reason, MaxText); problem != "" {
		refuse(Refusal{Code: CodeBadReason, Message: "reason: " + problem, Steps: []Step{do("write the reason as one line of plain text")}})
	}
	giveReason := []Step{{Kind: StepReason, AssetID: f.Asset.ID, Asset: f.Asset.Ref()}}
	switch {
	case reason == "" && t.Backward && req.Force:
		refuse(Refusal{Code: CodeReasonNeeded, Message: fmt.Sprintf("moving %s back from %s to %s, and forcing it, needs a reason", name, from, to),
			Steps: giveReason})
	case reason == "" && t.Backward:
		refuse(Refusal{Code: CodeReasonNeeded, Message: fmt.Sprintf("moving %s back from %s to %s needs a reason", name, from, to),
			Steps: giveReason})
	case reason == "" && req.Force:
		refuse(Refusal{Code: CodeReasonNeeded, Message: "overriding a guard needs a reason; history keeps it and reports show it",
			Steps: giveReason})
	}

	var guard []Refusal
	if t.Guard != nil {
		guard = t.Guard(f, p, now)
		for i := range guard {
			guard[i].Overridable = true
		}
	}
	switch {
	case len(d.Refusals) > 0:
		d.Refusals = append(d.Refusals, guard...)
	case len(guard) > 0 && req.Force:
		d.Allowed, d.Forced, d.Overridden = true, true, guard
	case len(guard) > 0:
		d.Refusals = guard
	default:
		d.Allowed = true
	}
	if d.Allowed && to == inventory.StageRetired && !d.Forced {
		d.Proof, _ = newIndex(f.Evidence).proveDark(f.Asset, p.CheckFresh.Std(), now)
	}
	return d
}

// Worded returns the decision with the Fix of each refusal worded by word,
// as the front end that shows it speaks.
func (d Decision) Worded(word func(Step) string) Decision {
	d.Refusals = worded(d.Refusals, word)
	d.Overridden = worded(d.Overridden, word)
	return d
}

// Err is nil when the move is allowed, else an inventory.ErrRefused error
// listing every refusal.
func (d Decision) Err() error {
	if d.Allowed {
		return nil
	}
	msgs := make([]string, len(d.Refusals))
	for i, r := range d.Refusals {
		msgs[i] = r.Message
	}
	return inventory.Errorf(inventory.ErrRefused, "%s may not move from %s to %s: %s",
		d.Asset, d.From, d.To, strings.Join(msgs, "; "))
}

// Codes lists the refusal codes, for tests and scripts.
func (d Decision) Codes() []string {
	out := make([]string, len(d.Refusals))
	for i, r := range d.Refusals {
		out[i] = r.Code
	}
	return out
}

func nextStages(from inventory.Stage) []inventory.Stage {
	var out []inventory.Stage
	for _, t := range Next(from) {
		out = append(out, t.To)
	}
	return out
}

func stageList(stages []inventory.Stage) string {
	s := make([]string, len(stages))
	for i, st := range stages {
		s[i] = string(st)
	}
	return strings.Join(s, ", ")
}

func stageChain(stages []inventory.Stage) string {
	s := make([]string, len(stages))
	for i, st := range stages {
		s[i] = string(st)
	}
	return strings.Join(s, " → ")
}

func orNone(stages []inventory.Stage) string {
	if len(stages) == 0 {
		return "none"
	}
	return stageList(stages)
}
