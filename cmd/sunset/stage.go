package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

func newStageCmd(a *app) *cobra.Command {
	var reason string
	var force, asJSON bool
	cmd := &cobra.Command{
		Use:   "stage ASSET STAGE [--reason TEXT] [--force]",
		Short: "Move an asset to another stage, if its guards allow (--force overrides them, with a reason)",
		Long: `Move an asset to another stage. Each move is checked against the
transition table and its guard: decommissioning → retired needs every
required checklist item done, a fresh complete check in which none of the
asset's addresses answered, and every port mapping closed and verified
closed; retired → disposed needs a sanitization record for assets that
store data. When a guard refuses, every reason is printed with what would
satisfy it (exit 2). --force overrides a guard; it needs --reason, and
history and reports show the override.`,
		Args: exactArgs(2, "ASSET", "STAGE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			to, err := inventory.ParseStage(args[1])
			if err != nil {
				return inventory.FieldError("stage", "%v", err)
			}
			if force && reason == "" {
				return inventory.FieldError("reason", "--force needs --reason: history keeps why a guard was overridden")
			}
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			decisions, err := svc.ChangeStage(cmd.Context(), []string{args[0]}, lifecycle.Request{To: to, Reason: reason, Force: force})
			var refused *service.Refused
			if err != nil && !errors.As(err, &refused) {
				return err
			}
			d := decisions[0].Worded(cliStep)
			if asJSON {
				if jerr := writeJSON(a.stdout, map[string]any{"decision": d}); jerr != nil {
					return jerr
				}
			}
			if refused != nil {
				return refusal(d)
			}
			if !asJSON {
				fmt.Fprintln(a.stdout, stageLine(d))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why; needed for backward moves and --force")
	cmd.Flags().BoolVar(&force, "force", false, "override the guard (needs --reason; kept in history and reports)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the decision as JSON")
	return cmd
}

// stageLine says what a stage change did: the move, what force overrode,
// or which check proved the asset dark.
func stageLine(d lifecycle.Decision) string {
	msg := fmt.Sprintf("%s: %s → %s", d.Asset, d.From, d.To)
	switch {
	case d.Forced:
		var over []string
		for _, r := range d.Overridden {
			over = append(over, r.Message)
		}
		msg += " (FORCED over: " + strings.Join(over, "; ") + ")"
	case d.Proof != nil:
		msg += fmt.Sprintf(" (proved dark by %s at %s)", d.Proof.Origin, d.Proof.At.Format("2006-01-02 15:04"))
	}
	return msg
}

// refusal prints a refused decision reason by reason, each with what would
// satisfy it.
func refusal(d lifecycle.Decision) error {
	e := &exitError{code: exitFailed, msg: fmt.Sprintf("%s may not move from %s to %s:", d.Asset, d.From, d.To)}
	for _, r := range d.Refusals {
		line := "- " + r.Message
		if r.Fix != "" {
			line += " — " + r.Fix
		}
		e.detail = append(e.detail, line)
	}
	return e
}
