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
	{"FindAsset/UnknownIsNotFoundNamingRef", func(e *env) {
		e.create(inventory.Asset{Tag: "A-1", Hostname: "known"})
		_, err := e.s.FindAsset(ctx, "no-such-box")
		e.wantErr(err, inventory.ErrNotFound, "", "no-such-box")
	}},
}
