package lifecycle

import (
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

func TestPortNamesAndRisk(t *testing.T) {
	cases := []struct {
		port  inventory.Port
		label string
		risky bool
	}{
		{openPort(3389, "ms-wbt-server"), "3389/rdp", true},
		{openPort(3389, ""), "3389/rdp", true},
		{openPort(5905, ""), "5905/vnc", true},
		{openPort(5901, "vnc-1"), "5901/vnc", true},
		{openPort(23, "telnet"), "23/telnet", true},
		{openPort(445, "microsoft-ds"), "445/smb", true},
		{openPort(139, "netbios-ssn"), "139/smb", true},
		{openPort(13389, "ms-wbt-server"), "13389/rdp", true},
		{openPort(22, "ssh"), "22/ssh", false},
		{openPort(8080, "http-proxy"), "8080/http", false},
		{openPort(47000, ""), "47000/tcp", false},
		{inventory.Port{Number: 161, Protocol: "udp", State: "open"}, "161/udp", false},
	}
	for _, c := range cases {
		if got := PortLabel(c.port); got != c.label {
			t.Errorf("PortLabel(%d %q) = %q, want %q", c.port.Number, c.port.Service, got, c.label)
		}
		if got := IsRisky(c.port); got != c.risky {
			t.Errorf("IsRisky(%d %q) = %v", c.port.Number, c.port.Service, got)
		}
	}
	ports := []inventory.Port{openPort(22, "ssh"), openPort(80, "http"), openPort(3389, "ms-wbt-server"), openPort(443, "https"),
		openPort(8080, ""), openPort(8443, ""), openPort(9200, ""), openPort(23, "")}
	if got, want := formatPorts(ports), "23/telnet, 3389/rdp, 22/ssh, 80/http, 443/https, 8080/http, 2 more"; got != want {
		t.Errorf("formatPorts = %q, want %q", got, want)
	}
}

func TestChecklistAppliesOnlyWhileDecommissioning(t *testing.T) {
	for _, s := range inventory.Stages {
		if got := ChecklistApplies(s); got != (s == decommissioning) {
			t.Errorf("ChecklistApplies(%s) = %v", s, got)
		}
	}
}
