package notify

import (
	"context"
	"errors"
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/notify/smtpmail"
	"github.com/sunset-tui/sunset/notify/webhook"
)

// Courier hands a digest to the sender of its channel.
type Courier struct {
	Mail  *smtpmail.Sender
	Hooks *webhook.Sender
}

// Deliver sends d to its recipient: an e-mail with a text and an HTML
// part, or a webhook POST.
func (c *Courier) Deliver(ctx context.Context, d Digest) error {
	switch d.To.Channel {
	case "email":
		if c.Mail == nil {
			return errors.New("no mail server configured (policy notify.smtp)")
		}
		return c.Mail.Send(ctx, d.To.Address, d.Subject(), d.Text(), d.HTML())
	case "webhook":
		// A webhook stored before plain http was refused off this host
		// is not sent to in the clear.
		if inventory.ValidateWebhook(d.To.Address) != nil {
			return errors.New("not sent: a webhook must be https (plain http only to this host)")
		}
		body, err := d.Payload()
		if err != nil {
			return err
		}
		hooks := c.Hooks
		if hooks == nil {
			hooks = &webhook.Sender{}
		}
		return hooks.Post(ctx, d.To.Address, body)
	}
	return fmt.Errorf("unknown channel %q", d.To.Channel)
}
