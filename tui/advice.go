package tui

import (
	"fmt"

	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/tui/safe"
)

// The TUI words what the engine advises as the keys that do it, taken from
// the key map so that the words stay true when a key changes.

// stepWords words one step as where to go and what to press.
func (c *common) stepWords(s lifecycle.Step) string {
	k := c.keys
	asset := "the asset"
	if s.Asset != "" {
		asset = safe.Text(s.Asset)
	}
	switch s.Kind {
	case lifecycle.StepCheck:
		return fmt.Sprintf("check it (%s on %s)", k.Check.Help().Key, asset)
	case lifecycle.StepCloseMapping:
		return fmt.Sprintf("record it closed (%s on mapping #%d of %s)", k.CloseMap.Help().Key, s.MappingID, asset)
	case lifecycle.StepTick:
		return fmt.Sprintf("tick it (%s on %s of %s)", k.Tick.Help().Key, safe.Text(s.Item), asset)
	case lifecycle.StepSetField:
		return fmt.Sprintf("%s (%s on %s)", lifecycle.FieldTask(s.Field), k.Edit.Help().Key, asset)
	case lifecycle.StepStage:
		return fmt.Sprintf("move it to %s (%s on %s)", s.Stage, k.Stage.Help().Key, asset)
	case lifecycle.StepAdopt:
		return fmt.Sprintf("adopt it (%s on the Unknown screen)", k.Adopt.Help().Key)
	case lifecycle.StepDismiss:
		return fmt.Sprintf("dismiss it with a reason (%s on the Unknown screen)", k.Dismiss.Help().Key)
	case lifecycle.StepSanitization:
		return fmt.Sprintf("record how its media were sanitized (%s on %s)", k.Sanitize.Help().Key, asset)
	case lifecycle.StepReason:
		return "type the reason in the field above"
	}
	return safe.Text(s.Text)
}

// advise is a sentence with its steps as the TUI words them, safe to show.
func (c *common) advise(sentence string, steps []lifecycle.Step) string {
	return lifecycle.Advise(safe.Text(sentence), steps, c.stepWords)
}
