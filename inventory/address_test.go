package inventory

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeAddresses(t *testing.T) {
	cases := []struct {
		kind      AddressKind
		in, want  string
		wantError bool
	}{
		{kind: AddrIP, in: "192.0.2.7", want: "192.0.2.7"},
		{kind: AddrIP, in: " 192.0.2.7 ", want: "192.0.2.7"},
		{kind: AddrIP, in: "::ffff:192.0.2.7", want: "192.0.2.7"},
		{kind: AddrIP, in: "2001:DB8::1", want: "2001:db8::1"},
		{kind: AddrIP, in: "2001:0db8:0:0::1", want: "2001:db8::1"},
		{kind: AddrIP, in: "2001:db8::1", want: "2001:db8::1"},
		{kind: AddrIP, in: "fe80::1%eth0", wantError: true},
		{kind: AddrIP, in: "192.0.2.256", wantError: true},
		{kind: AddrMAC, in: "02:00:5e:10:00:01", want: "02:00:5e:10:00:01"},
		{kind: AddrMAC, in: "02:00:5E:10:00:01", want: "02:00:5e:10:00:01"},
		{kind: AddrMAC, in: "02-00-5e-10-00-01", want: "02:00:5e:10:00:01"},
		{kind: AddrMAC, in: "0200.5e10.0001", want: "02:00:5e:10:00:01"},
		{kind: AddrMAC, in: "02:00:5e:10:00:0g", wantError: true},
		{kind: AddrMAC, in: "02:00:5e:10:00", wantError: true},
		{kind: AddrMAC, in: "02:00:5e-10:00:01", wantError: true},
		{kind: AddrDNS, in: "Host.Example.", want: "host.example"},
	}
	for _, c := range cases {
		ad := Address{Kind: c.kind, Value: c.in}
		err := ad.Normalize()
		if c.wantError {
			if err == nil {
				t.Errorf("%s %q: accepted as %q, want an error", c.kind, c.in, ad.Value)
			}
			continue
		}
		if err != nil || ad.Value != c.want {
			t.Errorf("%s %q: got %q, %v; want %q", c.kind, c.in, ad.Value, err, c.want)
		}
	}
}

func TestAddressListedTwice(t *testing.T) {
	a := Asset{Tag: "T-1", Addresses: []Address{
		{Kind: AddrIP, Value: "192.0.2.7"}, {Kind: AddrMAC, Value: "02:00:5e:10:00:01"},
		{Kind: AddrIP, Value: "::ffff:192.0.2.7"},
	}}
	err := a.Validate()
	if err == nil || !IsKind(err, ErrInvalid) {
		t.Fatalf("the same IP twice (once IPv4-mapped): %v, want an invalid-field error", err)
	}
	// The same text under another kind is another address.
	a.Addresses[2] = Address{Kind: AddrDNS, Value: "nvr-01.example"}
	a.Addresses = append(a.Addresses, Address{Kind: AddrIP, Value: "192.0.2.8"})
	if err := a.Validate(); err != nil {
		t.Fatalf("distinct addresses refused: %v", err)
	}
}

func TestValidateNormalizesKindAndStage(t *testing.T) {
	a := Asset{Tag: "T-1", Kind: " Access Point", Stage: "Retired"}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if a.Kind != KindAccessPoint || a.Stage != StageRetired {
		t.Errorf("kind %q stage %q, want %q %q", a.Kind, a.Stage, KindAccessPoint, StageRetired)
	}
	for _, bad := range []Asset{{Tag: "T-2", Kind: "toaster"}, {Tag: "T-3", Stage: "lost"}} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestWarrantyLongBeforeDeploymentIsRefused(t *testing.T) {
	deployed := Date{2020, 1, 15}
	// 3650 days before 2020-01-15 is 2010-01-17 (two leap days between).
	for _, c := range []struct {
		ends Date
		ok   bool
	}{{Date{2010, 1, 16}, false}, {Date{2010, 1, 17}, true}, {Date{2003, 6, 1}, false}, {Date{2012, 1, 1}, true}} {
		a := Asset{Tag: "T-1", DeployedOn: deployed, WarrantyEnds: c.ends}
		if err := a.Validate(); (err == nil) != c.ok {
			t.Errorf("warranty ending %s after deployment %s: %v, want ok=%v", c.ends, deployed, err, c.ok)
		}
	}
}

func TestLongOrInvalidTextNamesItsField(t *testing.T) {
	for _, c := range []struct {
		a     Asset
		field string
	}{
		{Asset{Tag: "T-1", Owner: strings.Repeat("x", MaxShortText+1)}, "owner"},
		{Asset{Tag: "T-1", Location: "bad \xff byte"}, "location"},
		{Asset{Tag: "T-1", ExternalID: strings.Repeat("y", MaxShortText+1)}, "external-id"},
		{Asset{Tag: "T-1", Notes: "bad \xff byte"}, "notes"},
	} {
		err := c.a.Validate()
		var ie *Error
		if !errors.As(err, &ie) || ie.Field != c.field {
			t.Errorf("%+v: %v, want an error naming %s", c.a, err, c.field)
		}
	}
}
