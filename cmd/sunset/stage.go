package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/record"
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
			s, err := a.open()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			var d lifecycle.Decision
			err = s.Update(ctx, func(w inventory.Writer) error {
				as, err := w.FindAsset(ctx, args[0])
				if err != nil {
					return err
				}
				facts, err := assetFacts(ctx, w, as)
				if err != nil {
					return err
				}
				pol, err := w.Policy(ctx)
				if err != nil {
					return err
				}
				d = lifecycle.Decide(facts, lifecycle.Request{To: to, Reason: reason, Force: force}, pol, a.now())
				if !d.Allowed {
					return errRefused
				}
				if err := w.SetStage(ctx, as.ID, to, reason, d.Forced); err != nil {
					return err
				}
				return record.SyncChecklist(ctx, w, as.ID)
			})
			if asJSON && (err == nil || err == errRefused) {
				if jerr := writeJSON(a.stdout, map[string]any{"decision": d}); jerr != nil {
					return jerr
				}
			}
			if err == errRefused {
				return refusal(d)
			}
			if err != nil {
				return err
			}
			if !asJSON {
				msg := fmt.Sprintf("%s: %s → %s", d.Asset, d.From, d.To)
				if d.Forced {
					msg += " (FORCED over: "
					for i, r := range d.Overridden {
						if i > 0 {
							msg += "; "
						}
						msg += r.Message
					}
					msg += ")"
				}
				fmt.Fprintln(a.stdout, msg)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why; needed for backward moves and --force")
	cmd.Flags().BoolVar(&force, "force", false, "override the guard (needs --reason; kept in history and reports)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the decision as JSON")
	return cmd
}

// errRefused ends the transaction of a refused stage change without writing.
var errRefused = &exitError{code: exitFailed}

// refusal prints a refused decision reason by reason.
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
