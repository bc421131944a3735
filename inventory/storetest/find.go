package storetest

import (
	"github.com/sunset-tui/sunset/inventory"
)

var findCases = []suiteCase{
	{"FindAsset/ByIDTagOrHostnameInAnyCase", func(e *env) {
		a := e.create(inventory.Asset{Tag: "NVR-3", Hostname: "Recorder01"})
		for _, ref := range []string{itoa(a.ID), "#" + itoa(a.ID), "NVR-3", "recorder01", "RECORDER01", "  Recorder01  "} {
			got, err := e.s.FindAsset(ctx, ref)
			if err != nil {
				e.t.Fatalf("FindAsset(%q): %v", ref, err)
			}
			if got.ID != a.ID || got.Tag != "NVR-3" {
				e.t.Fatalf("FindAsset(%q) = #%d %q, want #%d", ref, got.ID, got.Tag, a.ID)
			}
		}
	}},
	{"FindAsset/TagBeforeIDBeforeHostname", func(e *env) {
		a := e.create(inventory.Asset{Tag: "first"})
		numericTag := e.create(inventory.Asset{Tag: itoa(a.ID)})
		byTag := e.create(inventory.Asset{Tag: "web"})
		e.create(inventory.Asset{Tag: "other", Hostname: "web"})
		if got, err := e.s.FindAsset(ctx, itoa(a.ID)); err != nil || got.ID != numericTag.ID {
			e.t.Fatalf("FindAsset(%q) = #%d, %v; want #%d whose tag it is (asset tags are often numeric)",
				itoa(a.ID), got.ID, err, numericTag.ID)
		}
		if got, err := e.s.FindAsset(ctx, "#"+itoa(a.ID)); err != nil || got.ID != a.ID {
			e.t.Fatalf("FindAsset(#%d) = #%d, %v; want the asset with that id", a.ID, got.ID, err)
		}
		if got, err := e.s.FindAsset(ctx, itoa(byTag.ID)); err != nil || got.ID != byTag.ID {
			e.t.Fatalf("FindAsset(%d) = #%d, %v; a number that is no tag is an id", byTag.ID, got.ID, err)
		}
		if got, err := e.s.FindAsset(ctx, "web"); err != nil || got.ID != byTag.ID {
			e.t.Fatalf("FindAsset(web) = #%d, %v; want the tag match #%d", got.ID, err, byTag.ID)
		}
		if got, err := e.s.FindAsset(ctx, "99999"); err == nil {
			e.t.Fatalf("FindAsset(99999) = #%d, want not found", got.ID)
		}
	}},
	{"FindAsset/AmbiguousHostnameIsConflictListingCandidates", func(e *env) {
		a := e.create(inventory.Asset{Tag: "CAM-1", Hostname: "cam"})
		b := e.create(inventory.Asset{Tag: "CAM-2", Hostname: "CAM"})
		_, err := e.s.FindAsset(ctx, "Cam")
		e.wantErr(err, inventory.ErrConflict, "", "#"+itoa(a.ID), "#"+itoa(b.ID), "CAM-1", "CAM-2")
	}},
	{"FindAsset/BySerialAsSerialsCompare", func(e *env) {
		a := e.create(inventory.Asset{Name: "Unnamed device", Serial: "ZA1234567890"})
		for _, ref := range []string{"ZA1234567890", "za1234567890", " ZA1234567890 "} {
			if got, err := e.s.FindAsset(ctx, ref); err != nil || got.ID != a.ID {
				e.t.Fatalf("FindAsset(%q) = #%d, %v; want #%d, whose serial it is", ref, got.ID, err, a.ID)
			}
		}
	}},
	{"FindAsset/UnknownIsNotFoundNamingRef", func(e *env) {
		e.create(inventory.Asset{Tag: "A-1", Hostname: "known"})
		_, err := e.s.FindAsset(ctx, "no-such-box")
		e.wantErr(err, inventory.ErrNotFound, "", "no-such-box")
	}},
	{"FindAsset/ByAddressInAnySpelling", func(e *env) {
		e.create(inventory.Asset{Tag: "OTHER", Addresses: []inventory.Address{ip("192.0.2.11")}})
		a := e.create(inventory.Asset{Tag: "SRV-1", Addresses: []inventory.Address{ip("192.0.2.10"), ip("2001:db8::10"),
			mac("aa:bb:cc:00:11:22"), dns("files01.example.test")}})
		for _, ref := range []string{"192.0.2.10", " 192.0.2.10 ", "2001:DB8:0::10", "aa:bb:cc:00:11:22", "AA-BB-CC-00-11-22",
			"aabb.cc00.1122", "files01.example.test", "Files01.Example.TEST."} {
			if got, err := e.s.FindAsset(ctx, ref); err != nil || got.ID != a.ID {
				e.t.Fatalf("FindAsset(%q) = #%d, %v; want #%d, which has that address", ref, got.ID, err, a.ID)
			}
		}
		_, err := e.s.FindAsset(ctx, "192.0.2.99")
		e.wantErr(err, inventory.ErrNotFound, "", "192.0.2.99")
	}},
	{"FindAsset/TagThenIDThenAddressThenHostnameThenDNSName", func(e *env) {
		byTag := e.create(inventory.Asset{Tag: "192.0.2.5"})
		e.create(inventory.Asset{Tag: "HAS-IP-5", Addresses: []inventory.Address{ip("192.0.2.5")}})
		byAddress := e.create(inventory.Asset{Tag: "HAS-IP-6", Addresses: []inventory.Address{ip("192.0.2.6")}})
		e.create(inventory.Asset{Tag: "NAMED-6", Hostname: "192.0.2.6"})
		byHostname := e.create(inventory.Asset{Tag: "WEB", Hostname: "Web.Example.TEST"})
		e.create(inventory.Asset{Tag: "HAS-DNS", Addresses: []inventory.Address{dns("web.example.test")}})
		byID := e.create(inventory.Asset{Tag: "BY-ID"})
		e.create(inventory.Asset{Tag: "NAMED-ID", Hostname: itoa(byID.ID)})
		for ref, want := range map[string]inventory.Asset{"192.0.2.5": byTag, "192.0.2.6": byAddress,
			"web.example.test": byHostname, itoa(byID.ID): byID} {
			if got, err := e.s.FindAsset(ctx, ref); err != nil || got.ID != want.ID {
				e.t.Fatalf("FindAsset(%q) = #%d %s, %v; want #%d %s", ref, got.ID, got.Tag, err, want.ID, want.Tag)
			}
		}
		byDNS := e.create(inventory.Asset{Tag: "MAIL", Addresses: []inventory.Address{dns("mail.example.test")}})
		if got, err := e.s.FindAsset(ctx, "MAIL.example.test"); err != nil || got.ID != byDNS.ID {
			e.t.Fatalf("FindAsset(MAIL.example.test) = #%d, %v; want #%d by its DNS name", got.ID, err, byDNS.ID)
		}
	}},
	{"FindAsset/SharedAddressIsConflictListingCandidates", func(e *env) {
		a := e.create(inventory.Asset{Tag: "OLD-PC", Addresses: []inventory.Address{ip("192.0.2.7"), dns("pc.example.test")}})
		b := e.create(inventory.Asset{Hostname: "new-pc", Addresses: []inventory.Address{ip("192.0.2.7"), dns("pc.example.test")}})
		for _, ref := range []string{"192.0.2.7", "pc.example.test"} {
			_, err := e.s.FindAsset(ctx, ref)
			e.wantErr(err, inventory.ErrConflict, "", ref, "#"+itoa(a.ID)+" (OLD-PC)", "#"+itoa(b.ID))
		}
	}},
}
