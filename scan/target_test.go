package scan

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"testing/quick"

	"github.com/sunset-tui/sunset/inventory"
)

var loopScope = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/16"), netip.MustParsePrefix("192.0.2.0/24")}

func TestParseTargetAcceptsAddressesAndCIDRs(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.9":            "127.0.0.9/32",
		"192.0.2.0/28":         "192.0.2.0/28",
		"::ffff:192.0.2.7":     "192.0.2.7/32",
		"127.0.0.0/16":         "127.0.0.0/16",
		"2001:db8::1":          "2001:db8::1/128",
		"2001:db8::/112":       "2001:db8::/112",
		"::ffff:192.0.2.0/120": "192.0.2.0/24",
	} {
		got, err := ParseTarget(in)
		if err != nil {
			t.Errorf("ParseTarget(%q): %v", in, err)
			continue
		}
		if got.String() != want {
			t.Errorf("ParseTarget(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestParseTargetRefusesDangerousAndAmbiguousForms(t *testing.T) {
	for in, why := range map[string]string{
		"":                    "empty target",
		"-sS":                 "nmap option",
		"-iL/etc/passwd":      "nmap option",
		"--script=evil":       "nmap option",
		"-127.0.0.1":          "nmap option",
		"0.0.0.0/0":           "too large",
		"127.0.0.0/8":         "too large",
		"::/0":                "too large",
		"2001:db8::/64":       "too large",
		"010.0.0.1":           "not an address",
		"127.000.0.1":         "not an address",
		"127.0.0.0/016":       "leading zero",
		"127.0.0.1/24":        "host bits",
		"224.0.0.1":           "multicast",
		"239.255.255.250":     "multicast",
		"ff02::1":             "multicast",
		"255.255.255.255":     "broadcast",
		"255.255.255.0/24":    "broadcast",
		"0.0.0.0":             "unspecified",
		"0.0.0.0/16":          "unspecified",
		"::":                  "unspecified",
		"fe80::1%eth0":        "zone",
		"127.0.0.1 ":          "not an address",
		"127.0.0.1\n-sS":      "not an address",
		"127.1":               "not an address",
		"0x7f.0.0.1":          "not an address",
		"127.0.0.1-5":         "not an address",
		"printer.example":     "not an address",
		"127.0.0.1,127.0.0.2": "not an address",
	} {
		_, err := ParseTarget(in)
		if err == nil {
			t.Errorf("ParseTarget(%q) accepted, want refusal (%s)", in, why)
			continue
		}
		if !inventory.IsKind(err, inventory.ErrInvalid) {
			t.Errorf("ParseTarget(%q): kind %v, want invalid", in, inventory.KindOf(err))
		}
	}
}

func TestCheckScopeNamesTheTargetAndRefuses(t *testing.T) {
	p := netip.MustParsePrefix("127.1.0.0/24")
	err := CheckScope(p, loopScope)
	if !inventory.IsKind(err, inventory.ErrRefused) {
		t.Fatalf("want refused, got %v", err)
	}
	if !strings.Contains(err.Error(), "127.1.0.0/24") || !strings.Contains(err.Error(), "scan.scope") {
		t.Errorf("error does not name the target and the scope: %v", err)
	}
	// A range that starts inside the scope but reaches beyond it is refused.
	if err := CheckScope(netip.MustParsePrefix("192.0.2.0/23"), loopScope); err == nil {
		t.Error("192.0.2.0/23 straddles the scope edge and was accepted")
	}
	if err := CheckScope(netip.MustParsePrefix("127.0.3.0/24"), loopScope); err != nil {
		t.Errorf("127.0.3.0/24 lies inside 127.0.0.0/16: %v", err)
	}
}

func TestEmptyScopeRefusesAndSaysHowToSetOne(t *testing.T) {
	err := CheckScope(netip.MustParsePrefix("127.0.0.1/32"), nil)
	if !inventory.IsKind(err, inventory.ErrRefused) {
		t.Fatalf("want refused, got %v", err)
	}
	if !strings.Contains(err.Error(), "sunset policy set scan.scope 192.0.2.0/24") {
		t.Errorf("error does not show how to set a scope: %v", err)
	}
}

// fakeResolver answers DNS names from a table; anything else is unknown.
type fakeResolver map[string][]netip.Addr

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := r[host]; ok {
		return a, nil
	}
	return nil, &inventory.Error{Kind: inventory.ErrNotFound, Msg: "no such host"}
}

var testResolver = fakeResolver{
	"printer.lab.test": {netip.MustParseAddr("127.0.0.9")},
	"split.lab.test":   {netip.MustParseAddr("127.0.0.9"), netip.MustParseAddr("127.1.0.9")},
	"mapped.lab.test":  {netip.MustParseAddr("::ffff:192.0.2.9")},
}

func TestResolveTargetResolvesNamesInGoAndChecksEachAddress(t *testing.T) {
	got, err := ResolveTarget(context.Background(), testResolver, "printer.lab.test", loopScope)
	if err != nil || len(got) != 1 || got[0].String() != "127.0.0.9/32" {
		t.Fatalf("printer.lab.test = %v, %v; want 127.0.0.9/32", got, err)
	}
	got, err = ResolveTarget(context.Background(), testResolver, "mapped.lab.test", loopScope)
	if err != nil || got[0].String() != "192.0.2.9/32" {
		t.Fatalf("mapped.lab.test = %v, %v; want the unmapped 192.0.2.9/32", got, err)
	}
	_, err = ResolveTarget(context.Background(), testResolver, "split.lab.test", loopScope)
	if !inventory.IsKind(err, inventory.ErrRefused) || !strings.Contains(err.Error(), "split.lab.test resolves to 127.1.0.9") {
		t.Errorf("a name resolving partly outside the scope must be refused naming both: %v", err)
	}
	_, err = ResolveTarget(context.Background(), testResolver, "nowhere.lab.test", loopScope)
	if !inventory.IsKind(err, inventory.ErrInvalid) || !strings.Contains(err.Error(), "nowhere.lab.test") {
		t.Errorf("an unresolvable name must be invalid, naming it: %v", err)
	}
}

func TestResolveTargetNeverSendsMalformedAddressesToDNS(t *testing.T) {
	asked := recordingResolver{}
	for _, s := range []string{"127.0.0.1/33", "010.0.0.1", "127.0.0.256", "-x.example", "1.2.3"} {
		if _, err := ResolveTarget(context.Background(), &asked, s, loopScope); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	if len(asked.names) > 0 {
		t.Errorf("asked DNS about %v", asked.names)
	}
}

func TestSingleWordTargetIsAMissingAssetNotADNSLookup(t *testing.T) {
	asked := recordingResolver{}
	_, err := ResolveTarget(context.Background(), &asked, "srv-typo", loopScope)
	if !inventory.IsKind(err, inventory.ErrNotFound) || !strings.Contains(err.Error(), `no asset has the id, tag or hostname "srv-typo"`) {
		t.Errorf("a single word must be reported as no such asset: %v", err)
	}
	if len(asked.names) > 0 {
		t.Errorf("asked DNS about %v", asked.names)
	}
}

type recordingResolver struct{ names []string }

func (r *recordingResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	r.names = append(r.names, host)
	return nil, &inventory.Error{Kind: inventory.ErrNotFound, Msg: "no"}
}

// FuzzParseTarget: whatever the text, an accepted target is a canonical
// address or CIDR that cannot be read as an option, is no larger than the
// sweep limit, and is neither multicast nor broadcast.
func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "192.0.2.0/24", "-sS", "::1", "010.1.1.1",
		"127.0.0.0/016", "255.255.255.255", "::ffff:127.0.0.1", "127.0.0.4/32", "::1%lo"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseTarget(s)
		if err != nil {
			return
		}
		assertSafeTarget(t, s, p)
		again, err := ParseTarget(singleOrRange(p))
		if err != nil || again != p {
			t.Fatalf("%q → %s does not read back the same (%v, %v)", s, p, again, err)
		}
	})
}

func assertSafeTarget(t *testing.T, in string, p netip.Prefix) {
	t.Helper()
	out := singleOrRange(p)
	switch {
	case strings.HasPrefix(in, "-") || strings.HasPrefix(out, "-"):
		t.Fatalf("%q accepted as %s: starts with '-'", in, out)
	case strings.ContainsAny(out, " \t\r\n,"):
		t.Fatalf("%q accepted as %q: contains a separator", in, out)
	case p.Addr().Is4() && p.Bits() < inventory.SweepLimit.MinBits4,
		p.Addr().Is6() && p.Bits() < inventory.SweepLimit.MinBits6:
		t.Fatalf("%q accepted as %s: larger than the sweep limit", in, out)
	case p.Addr().IsMulticast() || p.Contains(limitedBroadcast) || p.Addr().IsUnspecified():
		t.Fatalf("%q accepted as %s: multicast, broadcast or unspecified", in, out)
	case p.Addr().Zone() != "" || p.Addr().Is4In6():
		t.Fatalf("%q accepted as %s: zone or mapped form", in, out)
	}
}

// No text starting with '-' is ever accepted as a target, however it goes on.
func TestQuickNoDashTargetIsAccepted(t *testing.T) {
	prop := func(rest string) bool {
		for _, s := range []string{"-" + rest, "--" + rest, "-127.0.0.1" + rest} {
			if _, err := ParseTarget(s); err == nil {
				return false
			}
			if _, err := ResolveTarget(context.Background(), testResolver, s, loopScope); err == nil {
				return false
			}
		}
		return true
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 2000}); err != nil {
		t.Fatal(err)
	}
}
