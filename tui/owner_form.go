package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// ownerDialog shows the contacts of an asset's owner (where `sunset
// notify` sends their digest) and edits them. It opens at once and fills
// its fields when the contacts have been read.
type ownerDialog struct {
	*form
	name   string
	loaded bool
}

// ownerContactsMsg delivers the contacts the dialog shows.
type ownerContactsMsg struct {
	owner inventory.Owner
	err   error
}

func newOwnerDialog(c *common, name string) dialog {
	return &ownerDialog{form: newForm(c, "Contacts of owner "+safe.Text(name)), name: name}
}

// Init reads the owner's contacts.
func (d *ownerDialog) Init() tea.Cmd {
	ctx, store, name := d.c.ctx, d.c.store, d.name
	return func() tea.Msg {
		o, err := store.Owner(ctx, name)
		if inventory.IsKind(err, inventory.ErrNotFound) {
			o, err = inventory.Owner{Name: name}, nil
		}
		return ownerContactsMsg{owner: o, err: err}
	}
}

func (d *ownerDialog) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(ownerContactsMsg); ok {
		if d.loaded {
			return nil
		}
		if m.err != nil {
			d.formErr = "could not read the contacts: " + errText(m.err)
			return nil
		}
		d.fill(m.owner)
		return nil
	}
	if !d.loaded {
		return nil
	}
	return d.form.Update(msg)
}

// fill shows o's contacts in the form.
func (d *ownerDialog) fill(o inventory.Owner) {
	f := d.form
	f.intro = []string{"Where `sunset notify` sends this owner's digest of what falls due, what is overdue and its findings. " +
		"Leave both empty to remove the contacts: their items then go to notify.fallback."}
	if !o.UpdatedAt.IsZero() {
		f.intro = append(f.intro, "Last set by "+safe.Text(o.UpdatedBy)+" on "+o.UpdatedAt.Format("2006-01-02")+".")
	} else {
		f.intro = append(f.intro, "No contacts yet.")
	}
	f.add("email", "e-mail", o.Email, "an address, e.g. infra@example.org")
	// The webhook is shown by its host and a hash, never whole (its URL
	// may be a secret): left as shown, it stays as it is.
	shownHook := inventory.RedactContact(o.Webhook)
	keptHook := func(v string) bool { return o.Webhook != "" && v == shownHook }
	if o.Webhook != "" {
		f.intro = append(f.intro, "The webhook is shown by its host and a hash: leave it to keep it, or type a new URL.")
	}
	f.add("webhook", "webhook", shownHook, "https://… (Slack, Teams, or any JSON receiver)")
	f.validate = func(v map[string]string) map[string]string {
		errs := map[string]string{}
		if err := inventory.ValidateEmail(v["email"]); err != nil {
			errs["email"] = messageOf(err)
		}
		if keptHook(v["webhook"]) {
			return errs
		}
		if err := inventory.ValidateWebhook(v["webhook"]); err != nil {
			errs["webhook"] = messageOf(err)
		}
		return errs
	}
	had := o.Reachable()
	name := d.name
	f.submit = func(v map[string]string) tea.Cmd {
		email, hook := v["email"], v["webhook"]
		if keptHook(hook) {
			hook = o.Webhook
		}
		if email == "" && hook == "" {
			if !had {
				return send(closeDialogMsg{})
			}
			return f.c.act("removed the contacts of "+safe.Text(name), func(ctx context.Context, svc *service.Service) error {
				return svc.UnsetOwner(ctx, name)
			})
		}
		return f.c.act("saved the contacts of "+safe.Text(name), func(ctx context.Context, svc *service.Service) error {
			_, err := svc.SetOwnerContacts(ctx, name, func(o *inventory.Owner) { o.Email, o.Webhook = email, hook })
			return err
		})
	}
	f.SetSize(f.width, f.height)
	f.revalidate()
	d.loaded = true
}

func (d *ownerDialog) View() string {
	if !d.loaded {
		st := d.c.styles
		body := st.Muted.Render("reading the contacts…")
		if d.formErr != "" {
			body = st.FieldError.Render(d.formErr)
		}
		return frameDialog(st, d.width, d.height, d.title, body, st.Muted.Render("esc cancel"))
	}
	return d.form.View()
}
