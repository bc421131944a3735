package storetest

import (
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
)

// claimCases check that a serial and a MAC belong to one asset at most.
var claimCases = []suiteCase{
	{"CreateAsset/TakenSerialOrMACIsConflictNamingItsAsset", func(e *env) {
		e.create(inventory.Asset{Tag: "NVR-01", Serial: "SN-1", Addresses: []inventory.Address{mac("aa:bb:cc:00:00:01")}})
		rev := e.revision()
		err := e.s.Update(ctx, func(w inventory.Writer) error {
			return w.CreateAsset(ctx, &inventory.Asset{Tag: "NVR-02", Serial: " sn-1"}, "")
		})
		e.wantErr(err, inventory.ErrConflict, "serial", "sn-1", "already used by asset NVR-01")
		err = e.s.Update(ctx, func(w inventory.Writer) error {
			return w.CreateAsset(ctx, &inventory.Asset{Hostname: "nvr02", Serial: "SN-2",
				Addresses: []inventory.Address{ip("192.0.2.2"), mac("AA-BB-CC-00-00-01")}}, "")
		})
		e.wantErr(err, inventory.ErrConflict, "mac", "aa:bb:cc:00:00:01", "already used by asset NVR-01")
		if all := e.all(inventory.AssetFilter{}); len(all) != 1 || e.revision() != rev {
			e.t.Fatalf("%d assets after refused creations, revision %d → %d; want the first alone, unchanged", len(all), rev, e.revision())
		}
	}},
	{"CreateAsset/PlaceholderSerialsAndMACsMayRepeat", func(e *env) {
		for i, serial := range []string{"", "N/A", "n/a", "To Be Filled By O.E.M.", "0", "none", "", "N/A"} {
			e.create(inventory.Asset{Tag: fmt.Sprintf("P-%d", i), Serial: serial,
				Addresses: []inventory.Address{mac("00:00:00:00:00:00"), mac("FF-FF-FF-FF-FF-FF")}})
		}
		if all := e.all(inventory.AssetFilter{}); len(all) != 8 {
			e.t.Fatalf("%d assets, want all 8: placeholders name no device", len(all))
		}
	}},
	{"UpdateAsset/TakenSerialOrMACIsConflict", func(e *env) {
		e.create(inventory.Asset{Tag: "A", Serial: "SN-A", Addresses: []inventory.Address{mac("aa:bb:cc:00:00:0a")}})
		b := e.create(inventory.Asset{Tag: "B", Serial: "SN-B", Addresses: []inventory.Address{mac("aa:bb:cc:00:00:0b")}})
		update := func(a inventory.Asset) error {
			return e.s.Update(ctx, func(w inventory.Writer) error { _, err := w.UpdateAsset(ctx, &a, ""); return err })
		}
		taken := b
		taken.Serial = "sn-a"
		e.wantErr(update(taken), inventory.ErrConflict, "serial", "sn-a", "already used by asset A")
		taken = b
		taken.Addresses = []inventory.Address{mac("aa:bb:cc:00:00:0b"), mac("AA:BB:CC:00:00:0A")}
		e.wantErr(update(taken), inventory.ErrConflict, "mac", "aa:bb:cc:00:00:0a", "already used by asset A")
		e.same("B after refused updates", normAsset(e.asset(b.ID)), normAsset(b))

		own := b
		own.Serial, own.Addresses = "sn-b", []inventory.Address{mac("AA-BB-CC-00-00-0B"), ip("192.0.2.11")}
		if err := update(own); err != nil {
			e.t.Fatalf("B keeping its own serial and MAC in other spellings: %v", err)
		}
	}},
	{"UpdateAsset/AFreedSerialOrMACMayBeTakenAgain", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A", Serial: "SN-1", Addresses: []inventory.Address{mac("aa:bb:cc:00:00:01")}})
		a.Serial, a.Addresses = "", nil
		e.update(func(w inventory.Writer) error { _, err := w.UpdateAsset(ctx, &a, "replaced"); return err })
		e.create(inventory.Asset{Tag: "B", Serial: "SN-1", Addresses: []inventory.Address{mac("aa:bb:cc:00:00:01")}})
	}},
	{"CreateAssets/SerialOrMACGivenTwiceOrTakenIsConflict", func(e *env) {
		e.create(inventory.Asset{Tag: "OLD", Serial: "SN-OLD", Addresses: []inventory.Address{mac("aa:bb:cc:00:00:01")}})
		createAll := func(as []inventory.Asset) error {
			return e.s.Update(ctx, func(w inventory.Writer) error { return w.CreateAssets(ctx, pointers(as), make([]string, len(as))) })
		}
		twice := []inventory.Asset{{Tag: "N-1", Serial: "SN-X"}, {Tag: "N-2"}, {Tag: "N-3", Serial: "sn-x "}}
		e.wantErr(createAll(twice), inventory.ErrConflict, "serial", "given to assets 1 and 3 of 3")
		twice = []inventory.Asset{{Tag: "N-1", Addresses: []inventory.Address{mac("aa:bb:cc:00:00:02")}},
			{Tag: "N-2", Addresses: []inventory.Address{mac("AA-BB-CC-00-00-02")}}}
		e.wantErr(createAll(twice), inventory.ErrConflict, "mac", "aa:bb:cc:00:00:02", "given to assets 1 and 2 of 2")
		// Among many, so that the conflict lies past the first rows written.
		many := make([]inventory.Asset, 300)
		for i := range many {
			many[i] = inventory.Asset{Tag: fmt.Sprintf("M-%03d", i), Serial: fmt.Sprintf("SN-%03d", i),
				Addresses: []inventory.Address{mac(fmt.Sprintf("02:00:00:00:%02x:%02x", i>>8, i&255))}}
		}
		many[250].Serial = "SN-old"
		e.wantErr(createAll(many), inventory.ErrConflict, "serial", "asset 251 of 300", "already used by asset OLD")
		many[250].Serial = ""
		many[280].Addresses = append(many[280].Addresses, mac("aa-bb-cc-00-00-01"))
		e.wantErr(createAll(many), inventory.ErrConflict, "mac", "asset 281 of 300", "aa:bb:cc:00:00:01", "already used by asset OLD")
		if all := e.all(inventory.AssetFilter{}); len(all) != 1 {
			e.t.Fatalf("%d assets after refused creations, want the first alone", len(all))
		}
		many[280].Addresses = many[280].Addresses[:1]
		e.createAll(many, make([]string, len(many)))
	}},
}

// all lists Assets(f) and fails the test on an error.
func (e *env) all(f inventory.AssetFilter) []inventory.Asset {
	e.t.Helper()
	out, err := e.s.Assets(ctx, f)
	if err != nil {
		e.t.Fatalf("Assets(%+v): %v", f, err)
	}
	return out
}
