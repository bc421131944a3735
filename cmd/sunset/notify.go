package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/notify"
	"github.com/sunset-tui/sunset/notify/smtpmail"
	"github.com/sunset-tui/sunset/notify/webhook"
)

// smtpPasswordEnv holds the SMTP password; notify.smtp-password-file
// names a file holding it otherwise. It is never stored or printed.
const smtpPasswordEnv = "SUNSET_SMTP_PASSWORD"

// delivery is how notify reaches servers; tests shorten its timeouts and
// give the CA of their own mail server.
var delivery = struct {
	smtpTimeout    time.Duration
	webhookTimeout time.Duration
	webhookBackoff time.Duration
	tls            *tls.Config
}{smtpTimeout: smtpmail.DefaultTimeout, webhookTimeout: webhook.DefaultTimeout, webhookBackoff: webhook.DefaultBackoff}

func newNotifyCmd(a *app) *cobra.Command {
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:   "notify [--dry-run] [--json]",
		Short: "Send each owner a digest of what falls due, what is overdue and its open findings, each step once",
		Long: `Send each owner (see ` + "`sunset owner`" + `) one digest, by e-mail and/or webhook, of
the reminders that reached a step of remind.before (e.g. 90, 30 and 7 days
before), the day or overdue, and of its open findings at or above
notify.min-severity. Items of owners without contacts, findings of high
severity or worse, and items open notify.escalate-after past due go to
notify.fallback. Each step of an item reaches a recipient once: run it daily.

The SMTP password comes from $SUNSET_SMTP_PASSWORD or the file named by
notify.smtp-password-file; it is never stored or printed.

Exit codes: 0 sent (or nothing to send); 1 some deliveries failed, or items
reached nobody, and were kept for the next run; 2 could not run.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := a.service()
			if err != nil {
				return err
			}
			req := service.NotifyRequest{DryRun: dryRun, Word: cliStep}
			if !dryRun {
				courier, err := newCourier(cmd.Context(), svc, a.stderr)
				if err != nil {
					return err
				}
				req.Deliver = courier.Deliver
			}
			out := newNotifyOutput(a, asJSON, dryRun)
			req.Each = out.digest
			sum, err := svc.Notify(cmd.Context(), req)
			if err != nil {
				return err
			}
			if err := out.finish(sum); err != nil {
				return err
			}
			return notifyExit(sum)
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would be sent to whom; send and record nothing")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// newCourier reads the policy and the password and makes the senders.
func newCourier(ctx context.Context, svc *service.Service, stderr io.Writer) (*notify.Courier, error) {
	p, err := svc.Policy(ctx)
	if err != nil {
		return nil, err
	}
	mail := &smtpmail.Sender{Server: p.Notify.SMTP, From: p.Notify.From, Timeout: delivery.smtpTimeout, TLS: delivery.tls}
	if !p.Notify.SMTP.IsZero() && p.Notify.SMTP.User != "" {
		if mail.Password, err = smtpPassword(p.Notify.PasswordFile, stderr); err != nil {
			return nil, err
		}
	}
	return &notify.Courier{Mail: mail,
		Hooks: &webhook.Sender{Timeout: delivery.webhookTimeout, Backoff: delivery.webhookBackoff}}, nil
}

// smtpPassword reads $SUNSET_SMTP_PASSWORD, else the password file (its
// first line), warning when others may read the file. Errors name the
// file, never what it holds.
func smtpPassword(file string, stderr io.Writer) (string, error) {
	if pw := os.Getenv(smtpPasswordEnv); pw != "" {
		return pw, nil
	}
	if file == "" {
		return "", nil // smtpmail says what is missing, when e-mail is due
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", &inventory.Error{Kind: inventory.ErrUnavailable, Field: "notify.smtp-password-file", Msg: "cannot read " + file}
	}
	if fi, err := os.Stat(file); err == nil && fi.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(stderr, "sunset: warning: %s holds the SMTP password and others may read it: chmod 600 it\n", file)
	}
	pw, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimRight(pw, "\r"), nil
}

// notifyExit: 1 when a delivery failed or items reached nobody.
func notifyExit(sum service.NotifySummary) error {
	var why []string
	if sum.Failed > 0 {
		why = append(why, fmt.Sprintf("%d of %d deliveries failed; their items wait for the next run", sum.Failed, sum.Digests))
	}
	if sum.UnreachedItems > 0 {
		why = append(why, fmt.Sprintf("%d item(s) reached nobody (owners %s have no contact and notify.fallback is empty)",
			sum.UnreachedItems, ownerList(sum.Unreached)))
	}
	if len(why) == 0 {
		return nil
	}
	return &exitError{code: exitFindings, msg: strings.Join(why, "; ")}
}

func ownerList(owners []string) string {
	out := make([]string, len(owners))
	for i, o := range owners {
		if o == "" {
			o = "(none)"
		}
		out[i] = o
	}
	return strings.Join(out, ", ")
}

// notifyOutput prints each digest as it is sent: a line each, the whole
// digest in a dry run, or one JSON document written as it goes, so that a
// run over a large inventory never holds its output.
type notifyOutput struct {
	a      *app
	asJSON bool
	dryRun bool
	n      int
}

func newNotifyOutput(a *app, asJSON, dryRun bool) *notifyOutput {
	return &notifyOutput{a: a, asJSON: asJSON, dryRun: dryRun}
}

// deliveryJSON is one digest in `notify --json`.
type deliveryJSON struct {
	Recipient string        `json:"recipient"`
	Channel   string        `json:"channel"`
	Owner     *string       `json:"owner"`
	Subject   string        `json:"subject"`
	Sent      bool          `json:"sent"`
	Error     *string       `json:"error"`
	Items     []notify.Item `json:"items"`
	// More counts the items the digest did not list (notify.MaxItems).
	More int `json:"more"`
}

func (o *notifyOutput) digest(out service.NotifyOutcome) error {
	d := out.Digest
	if o.asJSON {
		j := deliveryJSON{Recipient: d.To.Name(), Channel: d.To.Channel, Subject: d.Subject(), Sent: out.Sent, Items: d.Items, More: d.More}
		if owner := d.Owner(); owner != "" {
			j.Owner = &owner
		}
		if out.Err != nil {
			msg := out.Err.Error()
			j.Error = &msg
		}
		b, err := json.MarshalIndent(j, "    ", "  ")
		if err != nil {
			return err
		}
		sep := ",\n    "
		if o.n == 0 {
			sep = fmt.Sprintf("{\n  \"schema\": %d,\n  \"dry_run\": %t,\n  \"deliveries\": [\n    ", schemaVersion, o.dryRun)
		}
		o.n++
		_, err = io.WriteString(o.a.stdout, sep+escapeJSON(string(b)))
		return err
	}
	o.n++
	switch {
	case o.dryRun:
		fmt.Fprintf(o.a.stdout, "=== to %s (%s), %d item(s)\n%s\n", d.To.Name(), d.To.Channel, len(d.Items)+d.More, d.Text())
	case out.Err != nil:
		fmt.Fprintf(o.a.stderr, "sunset: not sent to %s (%d item(s) kept for the next run): %s\n",
			d.To.Name(), len(d.Items)+d.More, flatError(out.Err))
	default:
		fmt.Fprintf(o.a.stdout, "sent to %s: %s\n", d.To.Name(), d.Subject())
	}
	return nil
}

func (o *notifyOutput) finish(sum service.NotifySummary) error {
	if o.asJSON {
		head := fmt.Sprintf("{\n  \"schema\": %d,\n  \"dry_run\": %t,\n  \"deliveries\": [", schemaVersion, o.dryRun)
		if o.n > 0 {
			head = "\n  "
		}
		unreached := sum.Unreached
		if unreached == nil {
			unreached = []string{}
		}
		tail, err := json.Marshal(map[string]any{"owners": unreached, "items": sum.UnreachedItems})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(o.a.stdout, "%s],\n  \"sent\": %d,\n  \"failed\": %d,\n  \"unreached\": %s\n}\n",
			head, sum.Sent, sum.Failed, escapeJSON(string(tail)))
		return err
	}
	switch {
	case sum.Digests == 0:
		fmt.Fprintln(o.a.stdout, "nothing new to send")
	case o.dryRun:
		fmt.Fprintf(o.a.stdout, "dry run: %d digest(s), %d item(s) would be sent; nothing was sent or recorded\n", sum.Digests, sum.Items)
	default:
		fmt.Fprintf(o.a.stdout, "%d of %d digest(s) sent\n", sum.Sent, sum.Digests)
	}
	return nil
}

func flatError(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
