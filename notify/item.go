package notify

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// Item is one line of a digest: one reminder or finding, at one step,
// with what to do about it, worded by the front end.
type Item struct {
	// Key identifies the thing for good, whatever step it is at (see
	// ReminderKey, FindingKey): the sent-log's item.
	Key string `json:"key"`
	// Subject says what it is about: a reminder's kind, or "finding "
	// and the finding's kind.
	Subject string `json:"subject"`
	Step    string `json:"step"`
	// Owner is whose it is; empty when the asset has no owner.
	Owner   string `json:"owner"`
	AssetID int64  `json:"asset_id,omitempty"`
	// Asset is the asset's ref; empty for an unknown device.
	Asset   string `json:"asset"`
	Address string `json:"address,omitempty"`
	// Due and DaysLeft: when a reminder falls due (negative when
	// overdue); zero for a finding.
	Due      inventory.Date `json:"due,omitzero"`
	DaysLeft int            `json:"days_left"`
	// Severity of a finding; empty for a reminder.
	Severity string `json:"severity,omitempty"`
	// What says what is due or wrong; ToDo what to do about it.
	What string `json:"what"`
	ToDo string `json:"todo"`
	// Since is when a finding's condition began, when known.
	Since time.Time `json:"since,omitzero"`
}

// ReminderKey identifies a reminder: its kind, asset, mapping, item and
// date. A date that moves makes a new reminder, whose steps start over.
func ReminderKey(r lifecycle.Reminder) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s asset %d", r.Kind, r.AssetID)
	if r.MappingID != 0 {
		fmt.Fprintf(&b, " mapping %d", r.MappingID)
	}
	if r.Item != "" {
		fmt.Fprintf(&b, " item %s", r.Item)
	}
	fmt.Fprintf(&b, " %s", r.Date)
	return b.String()
}

// FindingKey identifies a finding: its kind, asset or address, mapping,
// and the day its condition began, so that a device that went quiet and
// came back is news again.
func FindingKey(f lifecycle.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "finding %s", f.Kind)
	if f.AssetID != 0 {
		fmt.Fprintf(&b, " asset %d", f.AssetID)
	} else {
		fmt.Fprintf(&b, " address %s", f.Address)
	}
	if f.MappingID != 0 {
		fmt.Fprintf(&b, " mapping %d", f.MappingID)
	}
	if !f.Since.IsZero() {
		fmt.Fprintf(&b, " since %s", inventory.DateOf(f.Since))
	}
	return b.String()
}

// ReminderItem is a reminder at a step, owned by owner, with todo saying
// what to do.
func ReminderItem(r lifecycle.Reminder, owner, step, todo string) Item {
	return Item{Key: ReminderKey(r), Subject: string(r.Kind), Step: step, Owner: owner, AssetID: r.AssetID,
		Asset: r.Asset, Due: r.Date, DaysLeft: r.DaysLeft, What: r.Action, ToDo: todo}
}

// FindingItem is an open finding, owned by owner.
func FindingItem(f lifecycle.Finding, owner, todo string) Item {
	return Item{Key: FindingKey(f), Subject: "finding " + string(f.Kind), Step: StepFinding, Owner: owner,
		AssetID: f.AssetID, Asset: f.Asset, Address: f.Address, Severity: string(f.Severity),
		What: f.Summary, ToDo: todo, Since: f.Since}
}

// Sent is the sent-log row of it delivered to recipient.
func (it Item) Sent(recipient string) inventory.NotificationSent {
	return inventory.NotificationSent{Recipient: recipient, Owner: it.Owner, AssetID: it.AssetID,
		Subject: it.Subject, Item: it.Key, Due: it.Due, Step: it.Step}
}

// SortItems orders a digest: escalations, then overdue items and
// findings (worst first), then by date; within each, by owner and asset.
func SortItems(items []Item) {
	slices.SortStableFunc(items, func(a, b Item) int {
		if c := cmp.Compare(rank(b), rank(a)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.DaysLeft, b.DaysLeft); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Owner, b.Owner); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Asset, b.Asset); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
}

func rank(it Item) int {
	switch it.Step {
	case StepEscalated:
		return 10
	case StepFinding:
		return 4 + lifecycle.Severity(it.Severity).Rank()
	case StepOverdue:
		return 3
	}
	return 0
}

// Recipient is where a digest goes: an e-mail address or a webhook URL.
type Recipient struct {
	Channel string `json:"channel"` // "email" or "webhook"
	Address string `json:"-"`
}

// Contact is the recipient a contact point names (an e-mail address or a
// webhook URL, as notify.fallback may hold either).
func Contact(c string) Recipient {
	if inventory.IsWebhook(c) {
		return Recipient{Channel: "webhook", Address: c}
	}
	return Recipient{Channel: "email", Address: c}
}

// Name is how the recipient is written in the sent-log and in output:
// an e-mail address as it is; a webhook as its scheme and host and a
// hash of its URL, since the URL itself may be a secret (Slack's are).
func (r Recipient) Name() string {
	if r.Channel != "webhook" {
		return r.Address
	}
	return "webhook " + inventory.RedactWebhook(r.Address)
}
