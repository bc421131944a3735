package main

import (
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

func TestOwnerCommandsContract(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "web-01", "--hostname", "web-01", "--owner", "Infra")
	e.ok("owner", "set", "infra", "--email", "infra@example.org")
	e.ok("owner", "set", "INFRA", "--webhook", "https://hooks.example.org/infra") // the e-mail stays
	doc := jsonDoc(t, e.ok("owner", "show", "infra", "--json").stdout)
	o := doc["owner"].(map[string]any)
	if o["name"] != "infra" || o["email"] != "infra@example.org" || o["webhook"] != inventory.RedactWebhook("https://hooks.example.org/infra") ||
		o["assets"] != float64(1) || o["updated_by"] != "tester" {
		t.Fatalf("owner show --json: %v", o)
	}
	list := jsonDoc(t, e.ok("owner", "list", "--json").stdout)["owners"].([]any)
	if len(list) != 1 {
		t.Fatalf("owner list --json: %v", list)
	}
	if out := e.ok("owner", "list").stdout; !strings.Contains(out, "infra@example.org") || !strings.Contains(out, "tester") {
		t.Fatalf("owner list:\n%s", out)
	}

	e.fails(2, []string{"email", "not an e-mail address"}, "owner", "set", "acme", "--email", "Ops <ops@example.org>")
	e.fails(2, []string{"webhook", "not a webhook URL"}, "owner", "set", "acme", "--webhook", "ftp://example.org/x")
	e.fails(2, []string{"give --email"}, "owner", "set", "acme")
	e.fails(2, []string{"no owner", "acme"}, "owner", "show", "acme")

	e.ok("owner", "unset", "infra", "--webhook")
	if o := jsonDoc(t, e.ok("owner", "show", "infra", "--json").stdout)["owner"].(map[string]any); o["webhook"] != "" || o["email"] == "" {
		t.Fatalf("after unset --webhook: %v", o)
	}
	e.fails(2, []string{"no contact left"}, "owner", "unset", "infra", "--email")
	e.ok("owner", "unset", "infra")
	e.fails(2, []string{"no contacts for owner"}, "owner", "unset", "infra")
	if out := e.ok("owner", "show", "infra").stdout; !strings.Contains(out, "no contacts: their items go to notify.fallback") {
		t.Fatalf("owner show of an owner without contacts:\n%s", out)
	}
}

// A webhook URL is a secret: no output of owner and policy commands
// prints it whole, text or JSON, only its host and a hash; and plain
// http is refused off this host.
func TestWebhookTokensAppearInNoOutput(t *testing.T) {
	const token = "T0KEN-SECRET"
	hook := "https://hooks.example.org/services/" + token
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "web-01", "--hostname", "web-01", "--owner", "infra")
	outputs := map[string]result{}
	for _, args := range [][]string{
		{"owner", "set", "infra", "--webhook", hook},
		{"owner", "list"}, {"owner", "list", "--json"},
		{"owner", "show", "infra"}, {"owner", "show", "infra", "--json"},
		{"policy", "set", "notify.fallback", hook},
		{"policy", "show"}, {"policy", "show", "--json"},
		{"notify", "--dry-run"}, {"notify", "--dry-run", "--json"},
	} {
		outputs[strings.Join(args, " ")] = e.run(args...)
	}
	for cmd, r := range outputs {
		if strings.Contains(r.stdout+r.stderr, token) {
			t.Errorf("sunset %s printed the webhook's token:\n%s%s", cmd, r.stdout, r.stderr)
		}
	}
	shown := inventory.RedactWebhook(hook)
	for _, cmd := range []string{"owner list", "owner show infra", "owner show infra --json", "policy show", "policy show --json"} {
		if !strings.Contains(outputs[cmd].stdout, shown) {
			t.Errorf("sunset %s does not name the webhook as %q:\n%s", cmd, shown, outputs[cmd].stdout)
		}
	}

	plain := "http://hooks.example.org/" + token
	for _, args := range [][]string{{"owner", "set", "acme", "--webhook", plain}, {"policy", "set", "notify.fallback", plain}} {
		r := e.fails(2, []string{"https"}, args...)
		if strings.Contains(r.stderr, token) {
			t.Errorf("sunset %s echoed the token: %s", strings.Join(args, " "), r.stderr)
		}
	}
	e.ok("owner", "set", "acme", "--webhook", "http://127.0.0.1:9/"+token)
}

// owner show ends the same way as text and as JSON: an owner with neither
// contacts nor assets is not found (exit 2) both ways; one with assets
// but no contacts has a null updated_at, never a zero time.
func TestOwnerShowJSONAgreesWithText(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "nas-03", "--hostname", "nas-03", "--owner", "legacy")
	e.fails(2, []string{"no owner", "nobody"}, "owner", "show", "nobody")
	r := e.fails(2, []string{"no owner", "nobody"}, "owner", "show", "nobody", "--json")
	if r.stdout != "" {
		t.Errorf("owner show nobody --json printed %q", r.stdout)
	}
	o := jsonDoc(t, e.ok("owner", "show", "legacy", "--json").stdout)["owner"].(map[string]any)
	if v, ok := o["updated_at"]; !ok || v != nil || o["assets"] != float64(1) {
		t.Errorf("owner without contacts: %v", o)
	}
}
