package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

func newAckCmd(a *app) *cobra.Command {
	var reason, until string
	cmd := &cobra.Command{
		Use:   "ack ID... --reason TEXT --until 90d|YYYY-MM-DD",
		Short: "Accept the risk of findings for a while: they stop showing until then, or until they change",
		Long: `Acknowledge findings, named by the ID that "sunset findings" prints
(idle:#12, exposed-mapping:m7, unknown:192.0.2.7): each stops showing
among the findings, and stops counting for --fail-on, until --until (a
span from now such as 30d or 12w, or a date) or until it changes: a new
severity, another port or service answering, another version. Every ID
given must name an open finding; all are acknowledged at once, or none.
The asset's history keeps who accepted the risk, why and until when.`,
		Args: atLeastOneArg("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(reason) == "" {
				return usageError("--reason is required: say why the risk is accepted")
			}
			if strings.TrimSpace(until) == "" {
				return usageError("--until is required: how long the risk is accepted (e.g. 30d, 12w, at most %s) or until when (YYYY-MM-DD)", lifecycle.MaxAck)
			}
			when, err := inventory.ParseUntil(until, a.now())
			if err == nil {
				err = lifecycle.CheckUntil(when, a.now()) // the service checks it too, for every front end
			}
			if err != nil {
				return usageError("--until %v", err)
			}
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			acks, err := svc.Acknowledge(cmd.Context(), args, reason, when)
			if err != nil {
				return err
			}
			for _, ack := range acks {
				fmt.Fprintf(a.stdout, "acknowledged %s until %s\n", ack.Finding, ack.Until.In(a.now().Location()).Format("2006-01-02 15:04"))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the risk is accepted (history keeps it)")
	cmd.Flags().StringVar(&until, "until", "", "how long (e.g. 30d, 12w) or until when (YYYY-MM-DD)")
	return cmd
}

func newUnackCmd(a *app) *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "unack ID... --reason TEXT",
		Short: "Withdraw acknowledgements: the findings show again",
		Args:  atLeastOneArg("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(reason) == "" {
				return usageError("--reason is required: say why the risk is no longer accepted")
			}
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			withdrawn, err := svc.Unacknowledge(cmd.Context(), args, reason)
			if err != nil {
				return err
			}
			for _, k := range withdrawn {
				fmt.Fprintf(a.stdout, "withdrew the acknowledgement of %s\n", k)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the risk is no longer accepted (history keeps it)")
	return cmd
}

func newAcksCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "acks [--json]",
		Short: "List acknowledged findings: until when, why, and whether each still holds",
		Long: `List every acknowledgement with its state: holds (the finding is
hidden), expired or changed (the finding shows again), or resolved (the
finding is gone).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := a.service()
			if err != nil {
				return err
			}
			st, err := svc.Acknowledgements(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON { // a handful, held already: indented like every document
				return writeJSON(a.stdout, map[string]any{"acknowledgements": nonNil(st)})
			}
			l, err := newListing(a, false, "ID", "STATE", "UNTIL", "BY", "REASON", "ACCEPTED")
			if err != nil {
				return err
			}
			defer l.close()
			loc := a.now().Location()
			for _, s := range st {
				until := s.Until.In(loc).Format(time.DateOnly)
				if err := l.add(s.Finding, s, s.Finding, string(s.State), until, s.By, s.Reason, s.Accepted); err != nil {
					return err
				}
			}
			return l.writeTable("no acknowledged findings")
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// atLeastOneArg is cobra.MinimumNArgs(1) with a message that names what
// is missing.
func atLeastOneArg(name string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usageError("%s needs %s... (see `%s --help`)", cmd.CommandPath(), name, cmd.CommandPath())
		}
		return nil
	}
}

// sayAcknowledged tells, on stderr, how many findings acknowledgements
// hide, so that a short list is not read as a clean one.
func sayAcknowledged(a *app, n int) {
	if n > 0 {
		fmt.Fprintf(a.stderr, "sunset: %s not shown; `sunset findings acks` lists them\n", plural(n, "acknowledged finding", "acknowledged findings"))
	}
}

// plural counts n of something: "1 item", "2 items".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
