package main

import (
	"strconv"
	"strings"
	"testing"
)

func TestUnknownDevicesCanBeAdoptedOrDismissed(t *testing.T) {
	needNmap(t)
	port := strconv.Itoa(listen(t, "127.0.0.65:0"))
	e := newEnv(t)
	e.ok("policy", "set", "scan.scope", "127.0.0.0/24")
	e.ok("policy", "set", "scan.discover", "127.0.0.64/30")
	e.ok("policy", "set", "scan.ports", port)
	e.ok("check", "--fail-on", "none")

	unknown := func() map[string]bool {
		got := map[string]bool{}
		for _, f := range jsonDoc(t, e.ok("unknown", "--json").stdout)["findings"].([]any) {
			f := f.(map[string]any)
			if f["kind"] != "unknown" || f["asset"] != nil {
				t.Errorf("not an unknown-device finding: %v", f)
			}
			got[f["address"].(string)] = true
		}
		return got
	}
	if got := unknown(); len(got) != 4 || !got["127.0.0.65"] {
		t.Fatalf("unknown devices after the sweep: %v", got)
	}
	e.ok("unknown", "adopt", "127.0.0.65", "--tag", "NEW-1", "--owner", "infra", "--kind", "server")
	a := jsonDoc(t, e.ok("asset", "show", "NEW-1", "--json").stdout)["asset"].(map[string]any)
	if a["owner"] != "infra" || a["kind"] != "server" || a["addresses"].([]any)[0].(map[string]any)["value"] != "127.0.0.65" {
		t.Errorf("adopted asset: %v", a)
	}
	e.fails(2, []string{"reason"}, "unknown", "dismiss", "127.0.0.66")
	e.ok("unknown", "dismiss", "127.0.0.66", "--reason", "lab test box, owned by QA")
	e.fails(2, []string{"127.0.0.9"}, "unknown", "dismiss", "127.0.0.9", "--reason", "x")
	if got := unknown(); len(got) != 2 || got["127.0.0.65"] || got["127.0.0.66"] {
		t.Errorf("after adopting .65 and dismissing .66, unknown devices are %v", got)
	}
}

// An inventory with nothing unknown says so in those words.
func TestUnknownWithNoneSaysNoUnknownDevices(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "A-1", "--hostname", "one")
	if out := e.ok("unknown").stdout; !strings.Contains(out, "no unknown devices") {
		t.Fatalf("sunset unknown with none:\n%s", out)
	}
}
