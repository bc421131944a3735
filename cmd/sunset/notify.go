package main

import (
	"context"
	"crypto/tls"
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
			a.bulkWork()
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
			out, err := newNotifyOutput(a, asJSON, dryRun)
			if err != nil {
				return err
			}
			defer out.close()
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
		why = append(why, fmt.Sprintf("%d of %s failed; their items wait for the next run", sum.Failed, plural(sum.Digests, "delivery", "deliveries")))
	}
	if sum.UnreachedItems > 0 {
		owners := "owner " + ownerList(sum.Unreached) + " has"
		if len(sum.Unreached) != 1 {
			owners = "owners " + ownerList(sum.Unreached) + " have"
		}
		why = append(why, fmt.Sprintf("%s reached nobody (%s no contact and notify.fallback is empty)",
			plural(sum.UnreachedItems, "item", "items"), owners))
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
// digest in a dry run, or one JSON document whose deliveries go through a
// listing's spool, so that a run over a large inventory never holds its
// output.
type notifyOutput struct {
	a      *app
	dryRun bool
	n      int
	// list keeps the deliveries of --json; nil otherwise.
	list *listing
}

func newNotifyOutput(a *app, asJSON, dryRun bool) (*notifyOutput, error) {
	o := &notifyOutput{a: a, dryRun: dryRun}
	if asJSON {
		l, err := newListing(a, true)
		if err != nil {
			return nil, err
		}
		o.list = l
	}
	return o, nil
}

// close removes the spool of --json.
func (o *notifyOutput) close() {
	if o.list != nil {
		o.list.close()
	}
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
	o.n++
	if o.list != nil {
		j := deliveryJSON{Recipient: d.To.Name(), Channel: d.To.Channel, Subject: d.Subject(), Sent: out.Sent, Items: d.Items, More: d.More}
		if owner := d.Owner(); owner != "" {
			j.Owner = &owner
		}
		if out.Err != nil {
			msg := flatError(out.Err)
			j.Error = &msg
		}
		return o.list.add(fmt.Sprintf("%012d", o.n), j) // in the order they were sent
	}
	items := plural(len(d.Items)+d.More, "item", "items")
	switch {
	case o.dryRun:
		fmt.Fprintf(o.a.stdout, "=== to %s (%s), %s\n%s\n", d.To.Name(), d.To.Channel, items, d.Text())
	case out.Err != nil:
		fmt.Fprintf(o.a.stderr, "sunset: not sent to %s (%s kept for the next run): %s\n", d.To.Name(), items, flatError(out.Err))
	default:
		fmt.Fprintf(o.a.stdout, "sent to %s: %s\n", d.To.Name(), d.Subject())
	}
	return nil
}

func (o *notifyOutput) finish(sum service.NotifySummary) error {
	if o.list != nil {
		return o.list.writeJSONList("deliveries", map[string]any{"dry_run": o.dryRun, "sent": sum.Sent, "failed": sum.Failed,
			"unreached": map[string]any{"owners": nonNil(sum.Unreached), "items": sum.UnreachedItems}})
	}
	switch {
	case sum.Digests == 0:
		fmt.Fprintln(o.a.stdout, "nothing new to send")
	case o.dryRun:
		fmt.Fprintf(o.a.stdout, "dry run: %s, %s would be sent; nothing was sent or recorded\n",
			plural(sum.Digests, "digest", "digests"), plural(sum.Items, "item", "items"))
	default:
		fmt.Fprintf(o.a.stdout, "%d of %s sent\n", sum.Sent, plural(sum.Digests, "digest", "digests"))
	}
	return nil
}

func flatError(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
