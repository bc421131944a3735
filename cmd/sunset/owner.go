package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
)

// ownerJSON is an owner's contacts as `owner list|show --json` print them.
// The webhook is named by its host and a hash only: its URL may be a
// secret.
type ownerJSON struct {
	Name      string     `json:"name"`
	Email     string     `json:"email"`
	Webhook   string     `json:"webhook"`
	UpdatedAt *time.Time `json:"updated_at"` // null: never set
	UpdatedBy string     `json:"updated_by"`
	// Assets counts the assets whose owner it is (show only).
	Assets *int `json:"assets,omitempty"`
}

func toOwnerJSON(o inventory.Owner) ownerJSON {
	j := ownerJSON{Name: o.Name, Email: o.Email, Webhook: inventory.RedactContact(o.Webhook), UpdatedBy: o.UpdatedBy}
	if !o.UpdatedAt.IsZero() {
		at := o.UpdatedAt.UTC()
		j.UpdatedAt = &at
	}
	return j
}

func newOwnerCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "owner",
		Short: "Give owners (the owner of assets and mappings) an e-mail address or webhook for `sunset notify`",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newOwnerSetCmd(a), newOwnerUnsetCmd(a), newOwnerListCmd(a), newOwnerShowCmd(a))
	return cmd
}

func newOwnerSetCmd(a *app) *cobra.Command {
	var email, webhook string
	cmd := &cobra.Command{
		Use:   "set NAME [--email ADDR] [--webhook URL]",
		Short: "Set an owner's e-mail address and/or webhook; what is not given stays as it was",
		Args:  exactArgs(1, "NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			setEmail, setHook := cmd.Flags().Changed("email"), cmd.Flags().Changed("webhook")
			if !setEmail && !setHook {
				return usageError("give --email ADDR, --webhook URL, or both")
			}
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			o, err := svc.SetOwnerContacts(cmd.Context(), args[0], func(o *inventory.Owner) {
				if setEmail {
					o.Email = email
				}
				if setHook {
					o.Webhook = webhook
				}
			})
			if err != nil {
				return err
			}
			return writeOwner(a, o)
		},
	}
	cmd.Flags().StringVar(&email, "email", "", "e-mail address (e.g. infra@example.org); empty removes it")
	cmd.Flags().StringVar(&webhook, "webhook", "", "webhook URL (Slack, Teams, or any JSON receiver); empty removes it")
	return cmd
}

func newOwnerUnsetCmd(a *app) *cobra.Command {
	var email, webhook bool
	cmd := &cobra.Command{
		Use:   "unset NAME [--email] [--webhook]",
		Short: "Remove an owner's contacts (all, or only --email or --webhook): their items go to notify.fallback",
		Args:  exactArgs(1, "NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			if email == webhook { // neither or both: forget the owner
				if err := svc.UnsetOwner(cmd.Context(), args[0]); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s: no contacts; their items go to notify.fallback\n", args[0])
				return nil
			}
			o, err := svc.SetOwnerContacts(cmd.Context(), args[0], func(o *inventory.Owner) {
				if email {
					o.Email = ""
				}
				if webhook {
					o.Webhook = ""
				}
			})
			if err != nil {
				return err
			}
			return writeOwner(a, o)
		},
	}
	cmd.Flags().BoolVar(&email, "email", false, "remove only the e-mail address")
	cmd.Flags().BoolVar(&webhook, "webhook", false, "remove only the webhook")
	return cmd
}

func writeOwner(a *app, o inventory.Owner) error {
	t := newTable(a.stdout, "OWNER", "EMAIL", "WEBHOOK")
	t.row(o.Name, o.Email, inventory.RedactContact(o.Webhook))
	return t.flush()
}

func newOwnerListCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the owners' contacts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := a.service()
			if err != nil {
				return err
			}
			owners, err := svc.Store().Owners(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]ownerJSON, 0, len(owners))
				for _, o := range owners {
					out = append(out, toOwnerJSON(o))
				}
				return writeJSON(a.stdout, map[string]any{"owners": out})
			}
			if len(owners) == 0 {
				fmt.Fprintln(a.stdout, "no owner has contacts: add one with `sunset owner set NAME --email ADDR`")
				return nil
			}
			t := newTable(a.stdout, "OWNER", "EMAIL", "WEBHOOK", "UPDATED", "BY")
			for _, o := range owners {
				t.row(o.Name, o.Email, inventory.RedactContact(o.Webhook), formatTime(o.UpdatedAt), o.UpdatedBy)
			}
			return t.flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newOwnerShowCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show NAME [--json]",
		Short: "Show an owner's contacts and how many assets they own",
		Args:  exactArgs(1, "NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := a.service()
			if err != nil {
				return err
			}
			r := svc.Store()
			o, err := r.Owner(cmd.Context(), args[0])
			if inventory.IsKind(err, inventory.ErrNotFound) {
				o, err = inventory.Owner{Name: args[0]}, nil
			}
			if err != nil {
				return err
			}
			counts, err := r.StageCounts(cmd.Context(), inventory.AssetFilter{Owner: o.Name})
			if err != nil {
				return err
			}
			// The store counts by stage; the owner's assets are all of them.
			n := 0
			for _, c := range counts {
				n += c
			}
			if !o.Reachable() && n == 0 {
				return &inventory.Error{Kind: inventory.ErrNotFound, Msg: fmt.Sprintf("no owner %q: no contacts and no assets", args[0])}
			}
			if asJSON {
				j := toOwnerJSON(o)
				j.Assets = &n
				return writeJSON(a.stdout, map[string]any{"owner": j})
			}
			t := newTable(a.stdout, "FIELD", "VALUE")
			t.row("owner", o.Name)
			t.row("email", o.Email)
			t.row("webhook", inventory.RedactContact(o.Webhook))
			t.row("assets", fmt.Sprint(n))
			t.row("updated", formatTime(o.UpdatedAt)+" "+o.UpdatedBy)
			if err := t.flush(); err != nil {
				return err
			}
			if !o.Reachable() {
				fmt.Fprintln(a.stdout, "\nno contacts: their items go to notify.fallback; set one with `sunset owner set "+cliArg(o.Name)+" --email ADDR`")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
