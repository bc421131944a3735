package notify

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Schema is the version of the webhook document; it changes only when a
// field changes meaning or goes away.
const Schema = 1

// Document is what a webhook that is neither Slack's nor Teams' is sent.
type Document struct {
	Schema int `json:"schema"`
	// Owner is the one owner of every item; null when several (a
	// fallback's digest): each item names its own.
	Owner   *string   `json:"owner"`
	Subject string    `json:"subject"`
	SentAt  time.Time `json:"sent_at"`
	Items   []Item    `json:"items"`
	// More counts the items beyond the MaxItems listed.
	More int `json:"more"`
}

// Flavor says what kind of webhook a URL is.
type Flavor string

const (
	FlavorJSON  Flavor = "json"
	FlavorSlack Flavor = "slack"
	FlavorTeams Flavor = "teams"
)

// FlavorOf tells Slack's and Teams' webhooks by their host; any other URL
// gets sunset's own document.
func FlavorOf(webhook string) Flavor {
	u, err := url.Parse(webhook)
	if err != nil {
		return FlavorJSON
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "hooks.slack.com":
		return FlavorSlack
	case strings.HasSuffix(host, ".webhook.office.com"), host == "outlook.office.com",
		strings.HasSuffix(host, ".logic.azure.com"), strings.HasSuffix(host, ".powerplatform.com"):
		return FlavorTeams
	}
	return FlavorJSON
}

// chatItems bounds how many items a Slack or Teams message lists: chat
// services refuse long messages.
const chatItems = 50

// Payload is the JSON body a webhook at d.To is sent.
func (d Digest) Payload() ([]byte, error) {
	switch FlavorOf(d.To.Address) {
	case FlavorSlack:
		return json.Marshal(map[string]any{"text": d.chatText("*", "*")})
	case FlavorTeams:
		card := map[string]any{
			"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
			"type":    "AdaptiveCard",
			"version": "1.4",
			"body": []any{
				map[string]any{"type": "TextBlock", "text": d.Subject(), "weight": "Bolder", "wrap": true},
				map[string]any{"type": "TextBlock", "text": d.chatText("**", "**"), "wrap": true},
			},
		}
		return json.Marshal(map[string]any{"type": "message", "attachments": []any{
			map[string]any{"contentType": "application/vnd.microsoft.card.adaptive", "content": card}}})
	}
	doc := Document{Schema: Schema, Subject: d.Subject(), SentAt: d.At.UTC(), Items: d.Items, More: d.More}
	if o := d.Owner(); o != "" {
		doc.Owner = &o
	}
	return json.Marshal(doc)
}

// chatText is the digest as a chat message, bold marked as the service
// marks it, the first chatItems items listed.
func (d Digest) chatText(boldOn, boldOff string) string {
	var b strings.Builder
	if boldOn == "*" {
		fmt.Fprintf(&b, "%s%s%s\n", boldOn, d.Subject(), boldOff)
	}
	for i, it := range d.Items {
		if i == chatItems {
			fmt.Fprintf(&b, "\n…and %d more: run `sunset due` and `sunset findings`.\n", len(d.Items)-chatItems+d.More)
			return b.String()
		}
		fmt.Fprintf(&b, "\n%s%s%s %s — %s (%s; %s)", boldOn, it.Heading(), boldOff, it.Device(), it.What, it.When(), it.OwnerLine())
		if it.ToDo != "" {
			fmt.Fprintf(&b, "\nTo do: %s", it.ToDo)
		}
		b.WriteString("\n")
	}
	if more := d.moreLine(); more != "" {
		fmt.Fprintf(&b, "\n%s\n", more)
	}
	return b.String()
}
