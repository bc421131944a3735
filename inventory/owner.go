package inventory

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// Owner is how to reach whoever an asset's or a mapping's free-text owner
// names ("infra", "acme"): an e-mail address, a webhook, or both.
type Owner struct {
	// Name is the owner as assets and mappings write it, compared in any
	// case.
	Name    string
	Email   string
	Webhook string
	// UpdatedAt and UpdatedBy say who last set the contacts, and when.
	UpdatedAt time.Time
	UpdatedBy string
}

// Reachable reports whether the owner has any contact.
func (o Owner) Reachable() bool { return o.Email != "" || o.Webhook != "" }

// Validate trims o's fields and checks them: a name, an e-mail address
// with nothing but the address, an http or https webhook URL.
func (o *Owner) Validate() error {
	o.Name = strings.TrimSpace(o.Name)
	o.Email = strings.TrimSpace(o.Email)
	o.Webhook = strings.TrimSpace(o.Webhook)
	if o.Name == "" {
		return FieldError("owner", "an owner needs a name")
	}
	if len(o.Name) > MaxShortText {
		return FieldError("owner", "longer than %d bytes", MaxShortText)
	}
	if err := ValidateEmail(o.Email); err != nil {
		return FieldError("email", "%v", err)
	}
	if err := ValidateWebhook(o.Webhook); err != nil {
		return FieldError("webhook", "%v", err)
	}
	return nil
}

// ValidateEmail accepts "" or one bare address (ops@example.org), not a
// list or a display name.
func ValidateEmail(s string) error {
	if s == "" {
		return nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return Errorf(ErrInvalid, "%q is not an e-mail address (want e.g. ops@example.org)", s)
	}
	return nil
}

// ValidateWebhook accepts "" or a webhook URL: https with a host, or
// plain http only to this host (127.0.0.1, ::1, localhost), and no user or
// password in it. Its errors never quote the URL, which may be a secret.
func ValidateWebhook(s string) error {
	return checkWebhook(s, true)
}

// checkWebhook is ValidateWebhook; a value stored before plain http was
// refused off this host is read with strict false, so that it does not
// stop every command (notify refuses to send to it).
func checkWebhook(s string, strict bool) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Opaque != "" {
		return Errorf(ErrInvalid, "%s is not a webhook URL (want e.g. https://hooks.example.org/sunset)", RedactWebhook(s))
	}
	if u.User != nil {
		return Errorf(ErrInvalid, "a webhook URL must not carry a user or password")
	}
	if strict && u.Scheme == "http" && !loopbackHost(u.Hostname()) {
		return Errorf(ErrInvalid, "%s: plain http only to this host (127.0.0.1, ::1, localhost); use https", RedactWebhook(s))
	}
	return nil
}

// IsWebhook tells a webhook contact from an e-mail address, as
// notify.fallback may hold either.
func IsWebhook(contact string) bool {
	c := strings.ToLower(strings.TrimSpace(contact))
	return strings.HasPrefix(c, "https://") || strings.HasPrefix(c, "http://")
}

// RedactWebhook names a webhook URL without the secret its path or query
// may hold: its scheme and host and a short hash of the whole URL
// ("https://hooks.example.org/… #1e7467b1"), which tells two hooks of one
// host apart. Output, logs and the sent-log name webhooks this way only.
func RedactWebhook(s string) string {
	sum := sha256.Sum256([]byte(s))
	host := "?"
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		host = u.Scheme + "://" + u.Host
	}
	return fmt.Sprintf("%s/… #%s", host, hex.EncodeToString(sum[:4]))
}

// RedactContact is a contact as output shows it: an e-mail address as it
// is, a webhook URL (or anything that looks like a URL) by RedactWebhook.
func RedactContact(c string) string {
	if c == "" || (!IsWebhook(c) && !strings.Contains(c, "://")) {
		return c
	}
	return RedactWebhook(c)
}

// NotificationSent is one row of the sent-log: one item, at one step, to
// one recipient, so that no step of an item reaches a recipient twice.
type NotificationSent struct {
	// Recipient is an e-mail address, or a webhook as notify names it
	// (never its full URL, which may be a secret).
	Recipient string
	// Owner is whose item it was.
	Owner string
	// AssetID is 0 for an unknown device.
	AssetID int64
	// Subject says what the item is about ("end-of-life", "finding
	// zombie"); Item identifies it for good (see notify.Item.Key).
	Subject string
	Item    string
	Due     Date
	// Step is the reminder step: "90d", "30d", "7d", "day", "overdue",
	// "escalated" or "finding".
	Step   string
	SentAt time.Time
}

// Delivery is one message that reached one recipient, with the items it
// carried: what RecordDelivery stores, in one transaction.
type Delivery struct {
	ID        int64
	Recipient string
	// Channel is "email" or "webhook".
	Channel string
	SentAt  time.Time
	Items   []NotificationSent
}
