package inventory

import "testing"

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
