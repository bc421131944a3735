package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/sunset-tui/sunset/lifecycle"
)

// The command line words what the engine advises as commands to run.

// cliStep words one step as the command that takes it.
func cliStep(s lifecycle.Step) string {
	ref := cliArg(s.Asset)
	switch s.Kind {
	case lifecycle.StepCheck:
		return "run " + command("check", ref)
	case lifecycle.StepCloseMapping:
		return "record it closed with " + command("mapping", "close", fmt.Sprint(s.MappingID), "--evidence", "TEXT")
	case lifecycle.StepTick:
		if s.Evidence {
			return "tick it with " + command("checklist", ref, "--done", s.Item, "--evidence", "TEXT")
		}
		return "tick it with " + command("checklist", ref, "--done", s.Item)
	case lifecycle.StepSetField:
		return lifecycle.FieldTask(s.Field) + " with " + command("asset", "set", ref, "--"+s.Field, fieldPlaceholder(s.Field))
	case lifecycle.StepStage:
		return "move it to " + string(s.Stage) + " with " + command("stage", ref, string(s.Stage))
	case lifecycle.StepAdopt:
		return "adopt it with " + command("unknown", "adopt", s.Address, "--tag", "TAG")
	case lifecycle.StepDismiss:
		return "dismiss it with " + command("unknown", "dismiss", s.Address, "--reason", "TEXT")
	case lifecycle.StepSanitization:
		return "record how its media were sanitized with " + command("checklist", ref, "--sanitized", "--media-type", "TYPE",
			"--method", "clear|purge|destroy", "--technique", "TEXT", "--verification", "TEXT", "--operator", "WHO",
			"--destination", "reuse|recycle|vendor|destroyed")
	case lifecycle.StepReason:
		return "say why with --reason TEXT"
	}
	return s.Text
}

func fieldPlaceholder(field string) string {
	switch field {
	case "ip":
		return "ADDRESS"
	case "owner":
		return "WHO"
	case "last-managed-on", "eol-on":
		return "YYYY-MM-DD"
	}
	return "VALUE"
}

// advise is a sentence with its steps as the command line words them.
func advise(sentence string, steps []lifecycle.Step) string {
	return lifecycle.Advise(sentence, steps, cliStep)
}

// wordedFindings are the findings with each summary followed by what to
// do, as commands: the sentence the table and the JSON carry.
func wordedFindings(fs []lifecycle.Finding) []lifecycle.Finding {
	out := make([]lifecycle.Finding, len(fs))
	for i, f := range fs {
		f.Summary = advise(f.Summary, f.Steps)
		out[i] = f
	}
	return out
}

var plainArg = regexp.MustCompile(`^[A-Za-z0-9._:/@+=-]+$`)

// cliArg quotes s for a command line shown to an admin, when it needs it.
func cliArg(s string) string {
	if plainArg.MatchString(s) && !strings.HasPrefix(s, "-") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// command formats a sunset command line to show.
func command(args ...string) string { return "`sunset " + strings.Join(args, " ") + "`" }
