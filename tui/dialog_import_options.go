package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/importers"
	"github.com/sunset-tui/sunset/inventory"
)

// The import dialog's inputs: the file, then what the command line's
// flags of the same names say, so that a file that needs them can be
// imported here too.
const (
	importFile = iota
	importMap
	importStageMap
	importKeys
	importClasses
	importInputs
)

var importLabels = [importInputs]string{"file", "map", "stage map", "keys", "classes"}

var importPlaceholders = [importInputs]string{
	"path of a CSV, CMDB export or nmap XML file",
	"COLUMN=FIELD, ... (as --map)",
	"VALUE=STAGE, ... (as --stage-map)",
	"match order, e.g. serial,mac,tag (as --key)",
	"classes to import: names, devices or all (as --classes)",
}

func newImportInputs() [importInputs]textinput.Model {
	var inputs [importInputs]textinput.Model
	for i := range inputs {
		ti := textinput.New()
		ti.Prompt = ""
		ti.Placeholder = importPlaceholders[i]
		ti.CharLimit = 4096
		ti.Cursor.SetMode(cursor.CursorStatic)
		inputs[i] = ti
	}
	inputs[importFile].Focus()
	return inputs
}

// focusInput moves the focus to input i (wrapping around).
func (d *importDialog) focusInput(i int) tea.Cmd {
	d.inputs[d.focus].Blur()
	d.focus = (i + importInputs) % importInputs
	return d.inputs[d.focus].Focus()
}

// options reads the inputs as the command line reads its flags; the
// error names the input that is wrong.
func (d *importDialog) options() (importers.Options, error) {
	var o importers.Options
	var err error
	if o.Map, err = importers.ParseMap(commaList(d.inputs[importMap].Value())); err != nil {
		return o, fmt.Errorf("map: %v", err)
	}
	if o.StageMap, err = importers.ParseStageMap(commaList(d.inputs[importStageMap].Value())); err != nil {
		return o, fmt.Errorf("stage map: %v", err)
	}
	o.Keys = importers.ParseKeys(d.inputs[importKeys].Value())
	o.Classes = commaList(d.inputs[importClasses].Value())
	return o, nil
}

// commaList splits an input's comma-separated values: column names,
// status values and class labels may hold spaces, never commas.
func commaList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// askForStages returns to the inputs after a dry run that found status
// values with no stage, with a VALUE=STAGE for each added to the stage
// map, the focus there, for the user to say which stage each means.
func (d *importDialog) askForStages(unknown []importers.UnknownStatus) tea.Cmd {
	list := commaList(d.inputs[importStageMap].Value())
	for _, u := range unknown {
		entry := u.Value + "=STAGE"
		if !strings.Contains(u.Value, ",") && !slices.Contains(list, entry) {
			list = append(list, entry)
		}
	}
	d.inputs[importStageMap].SetValue(strings.Join(list, ", "))
	d.step, d.err = importAsk, ""
	if len(unknown) == 0 {
		return d.focusInput(d.focus)
	}
	d.err = fmt.Sprintf("say which stage each status means (%s)", stageNames())
	return d.focusInput(importStageMap)
}

func stageNames() string {
	names := make([]string, len(inventory.Stages))
	for i, st := range inventory.Stages {
		names[i] = string(st)
	}
	return strings.Join(names, ", ")
}
