package lifecycle

import (
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// Step is one thing to do about a refusal, a finding or a reminder. The
// engine says what, as data; each front end words it in its own terms:
// the command line as a command to run, the TUI as the key to press. A
// step of kind StepManual is work outside sunset (on the firewall, at the
// rack) and carries its own words.
type Step struct {
	Kind StepKind `json:"do"`
	// Text says what to do, for StepManual.
	Text string `json:"text,omitempty"`
	// Or marks a step as an alternative to the one before it, rather than
	// what comes after it.
	Or bool `json:"or,omitempty"`
	// AssetID and Asset (its ref) name the asset the step is about.
	AssetID   int64  `json:"asset_id,omitempty"`
	Asset     string `json:"asset,omitempty"`
	MappingID int64  `json:"mapping_id,omitempty"`
	// Item is the checklist item to tick; Evidence says whether the tick
	// needs written evidence.
	Item     string `json:"item,omitempty"`
	Evidence bool   `json:"evidence,omitempty"`
	// Address is the unknown device's address, for StepAdopt and
	// StepDismiss.
	Address string          `json:"address,omitempty"`
	Stage   inventory.Stage `json:"stage,omitempty"`
	// Field is the asset field to record, for StepSetField (a field name
	// of inventory's field table: owner, ip, last-managed-on).
	Field string `json:"field,omitempty"`
}

// StepKind says what kind of thing a step asks for.
type StepKind string

// The kinds of step. Every kind but StepManual is something sunset does.
const (
	StepManual       StepKind = "manual"              // work outside sunset; Text says what
	StepCheck        StepKind = "check"               // run a check that covers the asset
	StepCloseMapping StepKind = "close-mapping"       // record the mapping closed, with evidence
	StepTick         StepKind = "tick"                // tick the checklist item
	StepSetField     StepKind = "set-field"           // record a field of the asset
	StepStage        StepKind = "stage"               // move the asset to Stage
	StepAdopt        StepKind = "adopt"               // adopt the unknown device as an asset
	StepDismiss      StepKind = "dismiss"             // dismiss the unknown device, with a reason
	StepSanitization StepKind = "record-sanitization" // record how the asset's media were sanitized
	StepReason       StepKind = "give-reason"         // say why the move is made
)

// Advise writes a sentence followed by what to do, each step worded by
// word: "X answered at 10:42 — power it down and disconnect it, then run
// `sunset check X`". Steps follow one another with ", then ", an
// alternative with " or ".
func Advise(sentence string, steps []Step, word func(Step) string) string {
	todo := WordSteps(steps, word)
	if todo == "" {
		return sentence
	}
	if sentence == "" {
		return todo
	}
	return sentence + " — " + todo
}

// WordSteps words steps as one instruction, as Advise does after its dash.
func WordSteps(steps []Step, word func(Step) string) string {
	var b strings.Builder
	for _, s := range steps {
		text := s.Text
		if s.Kind != StepManual {
			text = word(s)
		}
		if text == "" {
			continue
		}
		if b.Len() > 0 {
			if s.Or {
				b.WriteString(" or ")
			} else {
				b.WriteString(", then ")
			}
		}
		b.WriteString(text)
	}
	return b.String()
}

// do is a step outside sunset.
func do(text string) Step { return Step{Kind: StepManual, Text: text} }

// checkStep asks for a check that covers a.
func checkStep(a inventory.Asset) Step {
	return Step{Kind: StepCheck, AssetID: a.ID, Asset: a.Ref()}
}

func closeMappingStep(a inventory.Asset, m inventory.PortMapping) Step {
	return Step{Kind: StepCloseMapping, AssetID: m.AssetID, Asset: a.Ref(), MappingID: m.ID}
}

func stageStep(a inventory.Asset, to inventory.Stage) Step {
	return Step{Kind: StepStage, AssetID: a.ID, Asset: a.Ref(), Stage: to}
}

func setFieldStep(a inventory.Asset, field string) Step {
	return Step{Kind: StepSetField, AssetID: a.ID, Asset: a.Ref(), Field: field}
}

// FieldTask says what recording a field of an asset is for, for a step of
// kind StepSetField: "set its owner".
func FieldTask(field string) string {
	if t, ok := fieldTasks[field]; ok {
		return t
	}
	return "record its " + field
}

var fieldTasks = map[string]string{
	"ip":              "record its IP address",
	"owner":           "set its owner",
	"last-managed-on": "record when it was managed",
	"eol-on":          "record a new end-of-life date",
}

// orStep marks a step as the alternative to the one before it.
func orStep(s Step) Step {
	s.Or = true
	return s
}

// reviewSteps say how an active device nobody manages gets looked after:
// update it and record that, or take it out of service.
func reviewSteps(a inventory.Asset) []Step {
	update := "log in and update it"
	if a.HoldsCredentials {
		update = "log in, update it and rotate the credentials it stores"
	}
	return []Step{do(update), setFieldStep(a, "last-managed-on"), orStep(stageStep(a, inventory.StageDecommissioning))}
}
