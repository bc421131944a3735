package storetest

import (
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
)

// byKeys reads AssetsByKeys(k), checking that the assets come in id
// order, each once, and returns their ids.
func (e *env) byKeys(k inventory.AssetKeys) []inventory.Asset {
	e.t.Helper()
	out, err := e.s.AssetsByKeys(ctx, k)
	if err != nil {
		e.t.Fatalf("AssetsByKeys(%+v): %v", k, err)
	}
	for i := 1; i < len(out); i++ {
		if out[i].ID <= out[i-1].ID {
			e.t.Fatalf("AssetsByKeys(%+v): #%d after #%d: want id order, each once", k, out[i].ID, out[i-1].ID)
		}
	}
	return out
}

var keyCases = []suiteCase{
	{"AssetsByKeys/EachKeyFoldedAsItsFieldIsCompared", func(e *env) {
		byTag := e.create(inventory.Asset{Tag: "T-1", Hostname: "t1"})
		byHost := e.create(inventory.Asset{Hostname: "Web01"})
		bySerial := e.create(inventory.Asset{Tag: "S-3", Serial: "SN-3"})
		byMAC := e.create(inventory.Asset{Tag: "M-4", Addresses: []inventory.Address{ip("192.0.2.4"), mac("aa:bb:cc:00:00:04")}})
		byExternal := e.create(inventory.Asset{Tag: "E-5", ExternalID: "netbox:5"})
		byIP := e.create(inventory.Asset{Tag: "I-6", Addresses: []inventory.Address{ip("2001:db8::6")}})
		byDNS := e.create(inventory.Asset{Tag: "D-7", Addresses: []inventory.Address{{Kind: inventory.AddrDNS, Value: "db7.example.org"}}})
		e.create(inventory.Asset{Tag: "NONE", Hostname: "none", Serial: "SN-X", ExternalID: "netbox:X",
			Addresses: []inventory.Address{mac("aa:bb:cc:00:00:ff")}})
		for what, c := range map[string]struct {
			keys inventory.AssetKeys
			want inventory.Asset
		}{
			"tag":         {inventory.AssetKeys{Tags: []string{" T-1 ", "t-1"}}, byTag},
			"hostname":    {inventory.AssetKeys{Hostnames: []string{"WEB01 "}}, byHost},
			"serial":      {inventory.AssetKeys{Serials: []string{" sn-3"}}, bySerial},
			"MAC":         {inventory.AssetKeys{MACs: []string{"AA-BB-CC-00-00-04"}}, byMAC},
			"external id": {inventory.AssetKeys{ExternalIDs: []string{"netbox:5", "NETBOX:5"}}, byExternal},
			"IP":          {inventory.AssetKeys{IPs: []string{"2001:DB8:0::6", "db7.example.org"}}, byIP},
			"DNS name":    {inventory.AssetKeys{DNSNames: []string{"DB7.Example.org.", "192.0.2.4"}}, byDNS},
		} {
			got := e.byKeys(c.keys)
			if len(got) != 1 {
				e.t.Fatalf("by %s: %d assets, want %s alone", what, len(got), c.want.Ref())
			}
			e.same("by "+what, normAsset(got[0]), normAsset(c.want))
		}
		all := e.byKeys(inventory.AssetKeys{Tags: []string{"E-5", "T-1"}, Hostnames: []string{"web01"}, Serials: []string{"SN-3"},
			MACs: []string{"aabb.cc00.0004"}, ExternalIDs: []string{"netbox:5"}, IPs: []string{"2001:db8::6"}, DNSNames: []string{"db7.example.org"}})
		e.same("by every kind", ids(all), []int64{byTag.ID, byHost.ID, bySerial.ID, byMAC.ID, byExternal.ID, byIP.ID, byDNS.ID})
	}},
	{"AssetsByKeys/AnAssetNamedManyTimesComesOnce", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A", Hostname: "a", Serial: "SN-A", ExternalID: "x:a",
			Addresses: []inventory.Address{mac("aa:bb:cc:00:00:0a"), mac("aa:bb:cc:00:00:1a")}})
		got := e.byKeys(inventory.AssetKeys{Tags: []string{"A", "A"}, Hostnames: []string{"A"}, Serials: []string{"sn-a"},
			MACs: []string{"aa:bb:cc:00:00:0a", "aa:bb:cc:00:00:1a"}, ExternalIDs: []string{"x:a"}})
		e.same("assets", ids(got), []int64{a.ID})
	}},
	{"AssetsByKeys/BlankAndPlaceholderKeysNameNothing", func(e *env) {
		e.create(inventory.Asset{Tag: "P-1", Serial: "N/A", Addresses: []inventory.Address{mac("00:00:00:00:00:00")}})
		e.create(inventory.Asset{Hostname: "p2", Serial: "n/a", Addresses: []inventory.Address{mac("ff:ff:ff:ff:ff:ff")}})
		for _, k := range []inventory.AssetKeys{
			{},
			{Tags: []string{"", " "}, Hostnames: []string{""}, Serials: []string{"", " "}, MACs: []string{""}, ExternalIDs: []string{""}},
			{Serials: []string{"N/A", "To be filled by O.E.M."}},
			{MACs: []string{"00:00:00:00:00:00", "FF-FF-FF-FF-FF-FF", "not a mac"}},
		} {
			if got := e.byKeys(k); len(got) != 0 {
				e.t.Fatalf("AssetsByKeys(%+v) = %d assets, want none", k, len(got))
			}
		}
	}},
	{"AssetsByKeys/ABatchOfManyKeys", func(e *env) {
		as := make([]inventory.Asset, 300)
		for i := range as {
			as[i] = inventory.Asset{Tag: fmt.Sprintf("K-%03d", i), Serial: fmt.Sprintf("SN-%03d", i),
				Addresses: []inventory.Address{mac(fmt.Sprintf("02:00:00:00:%02x:%02x", i>>8, i&255))}}
		}
		as = e.createAll(as, make([]string, len(as)))
		// Every other asset, by one key or another, among keys that name none.
		var k inventory.AssetKeys
		var want []int64
		for i, a := range as {
			if i%2 == 1 {
				continue
			}
			want = append(want, a.ID)
			switch i % 3 {
			case 0:
				k.Tags = append(k.Tags, a.Tag)
			case 1:
				k.Serials = append(k.Serials, a.Serial)
			default:
				k.MACs = append(k.MACs, a.MACs()[0])
			}
		}
		for i := range 1000 {
			k.Tags = append(k.Tags, fmt.Sprintf("NONE-%d", i))
			k.Serials = append(k.Serials, fmt.Sprintf("NO-SN-%d", i))
			k.MACs = append(k.MACs, fmt.Sprintf("02:00:00:01:%02x:%02x", i>>8, i&255))
		}
		e.same("assets", ids(e.byKeys(k)), want)
	}},
}
