package notify

import (
	"context"
	"fmt"

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
			return fmt.Errorf("%s: no mail server configured", d.To.Name())
		}
		return c.Mail.Send(ctx, d.To.Address, d.Subject(), d.Text(), d.HTML())
	case "webhook":
		body, err := d.Payload()
		if err != nil {
			return err
		}
		hooks := c.Hooks
		if hooks == nil {
			hooks = &webhook.Sender{}
		}
		return hooks.Post(ctx, d.To.Address, d.To.Name(), body)
	}
	return fmt.Errorf("%s: unknown channel %q", d.To.Name(), d.To.Channel)
}
