package inventory

import (
	"strings"
	"testing"
)

func TestValidateNamesTheField(t *testing.T) {
	cases := []struct {
		name  string
		asset Asset
		field string
	}{
		{"no identity", Asset{}, "tag"},
		{"bad kind", Asset{Tag: "A1", Kind: "toaster"}, "kind"},
		{"bad stage", Asset{Tag: "A1", Stage: "gone"}, "stage"},
		{"escape in hostname", Asset{Tag: "A1", Hostname: "srv\x1b[2J"}, "hostname"},
		{"bidi in hostname", Asset{Tag: "A1", Hostname: "srv\u202eexe"}, "hostname"},
		{"clipboard write in tag", Asset{Tag: "A1\x1b]52;c;ZXZpbA==\x07"}, "tag"},
		{"C1 in tag", Asset{Tag: "A1\u009b2J"}, "tag"},
		{"bidi in tag", Asset{Tag: "A1\u202e"}, "tag"},
		{"zero-width in serial", Asset{Tag: "A1", Serial: "SN\u200b1"}, "serial"},
		{"tab in external id", Asset{Tag: "A1", ExternalID: "netbox\t7"}, "external-id"},
		{"bad ip", Asset{Tag: "A1", Addresses: []Address{{Kind: AddrIP, Value: "192.0.2.300"}}}, "ip"},
		{"leading zero ip", Asset{Tag: "A1", Addresses: []Address{{Kind: AddrIP, Value: "192.0.2.010"}}}, "ip"},
		{"bad mac", Asset{Tag: "A1", Addresses: []Address{{Kind: AddrMAC, Value: "zz:00"}}}, "mac"},
		{"duplicate ip", Asset{Tag: "A1", Addresses: []Address{{Kind: AddrIP, Value: "192.0.2.1"}, {Kind: AddrIP, Value: "192.0.2.1"}}}, "ip"},
		{"long notes", Asset{Tag: "A1", Notes: strings.Repeat("x", MaxNotes+1)}, "notes"},
		{"invalid utf8", Asset{Tag: "A1", Owner: "\xff"}, "owner"},
	}
	for _, c := range cases {
		err := c.asset.Validate()
		if err == nil {
			t.Errorf("%s: Validate accepted %+v", c.name, c.asset)
			continue
		}
		var e *Error
		if !asError(err, &e) || e.Field != c.field || e.Kind != ErrInvalid {
			t.Errorf("%s: got %v (field %q), want an invalid-kind error on field %q", c.name, err, fieldOf(err), c.field)
		}
		if !strings.HasPrefix(err.Error(), c.field+": ") {
			t.Errorf("%s: message %q does not start with the field name", c.name, err)
		}
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	*target = e
	return ok
}

func fieldOf(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Field
	}
	return ""
}

func TestValidateNormalisesAddresses(t *testing.T) {
	a := Asset{Tag: "A1", Addresses: []Address{
		{Kind: AddrIP, Value: " 2001:DB8::1 "},
		{Kind: AddrMAC, Value: "AA-BB-CC-DD-EE-FF"},
		{Kind: AddrDNS, Value: "Srv.Example.ORG."},
	}}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	want := []string{"2001:db8::1", "aa:bb:cc:dd:ee:ff", "srv.example.org"}
	for i, ad := range a.Addresses {
		if ad.Value != want[i] {
			t.Errorf("address %d = %q, want %q", i, ad.Value, want[i])
		}
	}
	if a.Kind != KindOther || a.Stage != StageActive {
		t.Errorf("defaults: kind %q stage %q, want other/active", a.Kind, a.Stage)
	}
}

func TestFieldsRoundTripThroughText(t *testing.T) {
	var a Asset
	in := map[string]string{
		"tag": "A-1", "hostname": "srv-1", "kind": "camera", "stage": "retired",
		"deployed-on": "2020-01-31", "holds-credentials": "yes", "approved": "no",
		"ip": "192.0.2.5 192.0.2.6", "mac": "00:11:22:33:44:55", "dns": "cam.example.org",
		"notes": "=cmd|' /C calc'!A0",
	}
	for name, v := range in {
		f, ok := LookupField(name)
		if !ok {
			t.Fatalf("no field %q", name)
		}
		if err := f.Set(&a, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for name, v := range in {
		f, _ := LookupField(name)
		if got := f.Get(&a); got != v {
			t.Errorf("%s: got %q, want %q", name, got, v)
		}
	}
	if a.PrimaryIP() != "192.0.2.5" {
		t.Errorf("primary ip %q", a.PrimaryIP())
	}
	f, _ := LookupField("warranty-ends")
	if err := f.Set(&a, "31/01/2020"); err == nil {
		t.Error("a non-ISO date was accepted by the field")
	}
}

func TestParseDurationForms(t *testing.T) {
	good := map[string]string{"90d": "90d", "2w": "14d", "24h": "1d", "36h": "36h0m0s", "30m": "30m0s"}
	for in, want := range good {
		d, err := ParseDuration(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	for _, bad := range []string{"", "d", "-5d", "0d", "ninety days", "5y"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) accepted", bad)
		}
	}
}

func TestDateParsingAndArithmetic(t *testing.T) {
	d, err := ParseDate("2024-02-28")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.AddDays(2).String(); got != "2024-03-01" {
		t.Errorf("leap-year arithmetic: %s", got)
	}
	if n := d.DaysUntil(d.AddDays(-10)); n != -10 {
		t.Errorf("DaysUntil = %d", n)
	}
	for _, bad := range []string{"2024-02-30", "28.02.2024", "2024-2-28"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	b, _ := Date{}.MarshalJSON()
	if string(b) != "null" {
		t.Errorf("zero date JSON = %s", b)
	}
	for _, c := range []struct {
		d    Date
		want string
	}{{Date{2024, 2, 9}, "2024-02-09"}, {Date{987, 12, 31}, "0987-12-31"}, {Date{12345, 1, 1}, "12345-01-01"}, {Date{}, ""}} {
		if got := c.d.String(); got != c.want {
			t.Errorf("%#v prints as %q, want %q", c.d, got, c.want)
		}
	}
	days := []Date{{}, {2023, 12, 31}, {2024, 1, 1}, {2024, 1, 2}, {2024, 2, 1}}
	for i, a := range days {
		for j, b := range days {
			if a.Before(b) != (i < j) || a.After(b) != (i > j) {
				t.Errorf("%v before %v: %v, after: %v", a, b, a.Before(b), a.After(b))
			}
		}
	}
}

func TestPolicyValidation(t *testing.T) {
	good := [][2]string{
		{"scan.scope", "192.0.2.0/24, 127.0.0.0/8"},
		{"scan.scope", ""},
		{"scan.ports", "22,80,8000-8002"},
		{"idle.after", "180d"},
		{"remind.before", "60d,14d"},
	}
	for _, kv := range good {
		if err := ValidatePolicyValue(kv[0], kv[1]); err != nil {
			t.Errorf("%s=%q refused: %v", kv[0], kv[1], err)
		}
	}
	bad := [][2]string{
		{"scan.scope", "192.0.2.0/33"},
		{"scan.scope", "192.0.2.1/24"},   // host bits
		{"scan.scope", "0.0.0.0/0"},      // too large
		{"scan.scope", "-oN /etc/x"},     // option smuggling
		{"scan.scope", "224.0.0.0/24"},   // multicast
		{"scan.scope", "192.0.2.010"},    // leading zero
		{"scan.scope", "fe80::1%eth0"},   // zone
		{"scan.discover", "127.0.0.0/8"}, // sweep too large
		{"scan.ports", "0"},
		{"scan.ports", "80-22"},
		{"idle.after", "soon"},
		{"check.fresh", "-1h"},
		{"no.such.key", "1"},
	}
	for _, kv := range bad {
		err := ValidatePolicyValue(kv[0], kv[1])
		if err == nil {
			t.Errorf("%s=%q accepted", kv[0], kv[1])
			continue
		}
		if !strings.HasPrefix(err.Error(), kv[0]+": ") {
			t.Errorf("%s=%q: error %q does not name the key", kv[0], kv[1], err)
		}
	}
	if _, err := ParsePolicy(map[string]string{"scan.scope": "127.0.0.0/8", "scan.discover": "192.0.2.0/24"}); err == nil {
		t.Error("a discovery range outside the scope was accepted")
	}
	p := DefaultPolicy()
	if len(p.Scope) != 0 || p.IdleAfter != 90*Day || p.CheckFresh != Day || len(p.RemindBefore) != 3 || p.RemindBefore[0] != 90*Day {
		t.Errorf("default policy: %+v", p)
	}
}

func TestParseHostPort(t *testing.T) {
	addr, port, err := ParseHostPort("external", "192.0.2.7:3389")
	if err != nil || addr != "192.0.2.7" || port != 3389 {
		t.Errorf("got %s %d %v", addr, port, err)
	}
	for _, bad := range []string{"192.0.2.7", "192.0.2.7:0", "host.example:80", "192.0.2.7:http", "[2001:db8::1]:70000"} {
		if _, _, err := ParseHostPort("external", bad); err == nil || !strings.HasPrefix(err.Error(), "external: ") {
			t.Errorf("ParseHostPort(%q): %v", bad, err)
		}
	}
}
