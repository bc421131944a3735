package main

import (
	"strings"
	"testing"
)

func TestOwnerCommandsContract(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "web-01", "--hostname", "web-01", "--owner", "Infra")
	e.ok("owner", "set", "infra", "--email", "infra@example.org")
	e.ok("owner", "set", "INFRA", "--webhook", "https://hooks.example.org/infra") // the e-mail stays
	doc := jsonDoc(t, e.ok("owner", "show", "infra", "--json").stdout)
	o := doc["owner"].(map[string]any)
	if o["name"] != "infra" || o["email"] != "infra@example.org" || o["webhook"] != "https://hooks.example.org/infra" ||
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
