package storetest

import (
	"slices"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// textCases state how every store sorts and compares text, which before
// was whatever SQLite did:
//
//   - Order is byte order of the UTF-8 text (SQLite's BINARY, PostgreSQL's
//     COLLATE "C"), never a locale's: "B" before "a", "Z" before "a", "é"
//     after "z", "10" before "9". Tags list in this order; owners' contacts
//     list in the byte order of their folded names.
//   - "In any case" is inventory.FoldCase (Go's strings.ToLower, every
//     script): hostnames, names, owners in the owner filter and owners'
//     contacts match Ä with ä and Ω with ω. The fold is computed in Go, so
//     that the database's locale does not matter.
//   - Search is a substring match that ignores the case of ASCII letters
//     only (SQLite's LIKE, PostgreSQL's ILIKE under COLLATE "C"): "Ä"
//     finds "Ä" but not "ä". Its % and _ are plain characters.
//   - Tags, serial text, MACs and external ids compare exactly.
var textCases = []suiteCase{
	{"Text/TagsListInByteOrderNotALocalesOrder", func(e *env) {
		tags := []string{"b", "B", "a", "Ä", "ä", "Z", "é", "e", "10", "9", "a-1", "a_1", "a 1", "Ω", "ω", "~x"}
		var untagged []int64
		for i, tag := range tags {
			e.create(inventory.Asset{Tag: tag, Hostname: "h" + itoa(int64(i))})
			if i%5 == 0 {
				untagged = append(untagged, e.create(inventory.Asset{Hostname: "u" + itoa(int64(i))}).ID)
			}
		}
		want := slices.Clone(tags)
		slices.Sort(want) // Go compares strings bytewise
		var got []string
		for _, a := range e.all(inventory.AssetFilter{}) {
			if a.Tag != "" {
				got = append(got, a.Tag)
			}
		}
		e.same("tags in the order Assets lists them", got, want)
		// Summaries list the same order, however they are paged: the
		// untagged assets by id, then the tags.
		var paged []inventory.AssetSummary
		page := inventory.Page{Limit: 3}
		for {
			part := e.summaries(inventory.AssetFilter{}, page)
			if len(part) == 0 {
				break
			}
			paged = append(paged, part...)
			last := part[len(part)-1]
			page.AfterTag, page.AfterID = last.Tag, last.ID
		}
		var pagedTags []string
		var pagedUntagged []int64
		for _, s := range paged {
			if s.Tag == "" {
				pagedUntagged = append(pagedUntagged, s.ID)
				continue
			}
			pagedTags = append(pagedTags, s.Tag)
		}
		e.same("untagged assets paged", pagedUntagged, untagged)
		e.same("tags paged three at a time", pagedTags, want)
		// Tags compare exactly: "ä" names one asset, "Ä" the other.
		for _, tag := range []string{"ä", "Ä", "ω", "Ω", "B", "b"} {
			a, err := e.s.FindAsset(ctx, tag)
			if err != nil || a.Tag != tag {
				e.t.Fatalf("FindAsset(%q) = %q, %v", tag, a.Tag, err)
			}
			byKey, err := e.s.AssetsByKeys(ctx, inventory.AssetKeys{Tags: []string{tag}})
			if err != nil || len(byKey) != 1 || byKey[0].Tag != tag {
				e.t.Fatalf("AssetsByKeys(tag %q) = %d assets, %v", tag, len(byKey), err)
			}
		}
	}},
	{"Text/HostnamesAndNamesMatchInAnyCaseInEveryScript", func(e *env) {
		a := e.create(inventory.Asset{Hostname: "Ärzte-PC-Ω", Name: "Übungsraum Kamera"})
		b := e.create(inventory.Asset{Hostname: "arzte-pc-ω", Name: "Ubungsraum Kamera"})
		for ref, want := range map[string]int64{
			"ärzte-pc-ω": a.ID, "ÄRZTE-PC-Ω": a.ID, "Ärzte-pc-ω": a.ID,
			"ARZTE-PC-Ω": b.ID, "arzte-pc-ω": b.ID,
			"übungsraum kamera": a.ID, "ÜBUNGSRAUM KAMERA": a.ID, "UBUNGSRAUM kamera": b.ID,
		} {
			got, err := e.s.FindAsset(ctx, ref)
			if err != nil || got.ID != want {
				e.t.Fatalf("FindAsset(%q) = #%d, %v; want #%d", ref, got.ID, err, want)
			}
		}
		byKey, err := e.s.AssetsByKeys(ctx, inventory.AssetKeys{Hostnames: []string{"ÄRZTE-pc-Ω"}, Names: []string{"UBUNGSRAUM KAMERA"}})
		if err != nil {
			e.t.Fatal(err)
		}
		e.same("AssetsByKeys by hostname and name in other cases", ids(byKey), []int64{a.ID, b.ID})
		if _, err := e.s.FindAsset(ctx, "ärzte-pc-o"); !inventory.IsKind(err, inventory.ErrNotFound) {
			e.t.Fatalf("Ω found as o: %v", err)
		}
	}},
	{"Text/OwnerFilterMatchesInAnyCaseInEveryScript", func(e *env) {
		zoe := e.create(inventory.Asset{Tag: "Z1", Owner: "Zoë"})
		zoeUpper := e.create(inventory.Asset{Tag: "Z2", Owner: "ZOË"})
		e.create(inventory.Asset{Tag: "Z3", Owner: "Zoe"})
		omega := e.create(inventory.Asset{Tag: "O1", Owner: "Ωmega-Team"})
		e.create(inventory.Asset{Tag: "N1"})
		e.filtered(inventory.AssetFilter{Owner: "zoË"}, []int64{zoe.ID, zoeUpper.ID})
		e.filtered(inventory.AssetFilter{Owner: "ωMEGA-team"}, []int64{omega.ID})
		e.filtered(inventory.AssetFilter{Owner: "omega-team"}, nil)
		e.filtered(inventory.AssetFilter{Owner: "Zo"}, nil)
	}},
	{"Text/OwnersContactsAreOneOwnerInAnyCaseListedByFoldedName", func(e *env) {
		for _, name := range []string{"Zoë", "bob", "Émile", "alice", "Zed", "ZOË"} {
			o := inventory.Owner{Name: name, Email: strings.ToLower(strings.Map(asciiOnly, name)) + "@example.org"}
			e.update(func(w inventory.Writer) error { return w.SetOwner(ctx, &o) })
		}
		owners, err := e.s.Owners(ctx)
		if err != nil {
			e.t.Fatal(err)
		}
		var names []string
		for _, o := range owners {
			names = append(names, o.Name)
		}
		// ZOË replaced Zoë, keeping its own spelling; "émile" sorts after
		// "zed" byte by byte.
		e.same("owners in order", names, []string{"alice", "bob", "Zed", "ZOË", "Émile"})
		for _, ref := range []string{"zoë", "ZOË", " Zoë "} {
			o, err := e.s.Owner(ctx, ref)
			if err != nil || o.Name != "ZOË" {
				e.t.Fatalf("Owner(%q) = %q, %v", ref, o.Name, err)
			}
		}
		if o, err := e.s.Owner(ctx, "ÉMILE"); err != nil || o.Name != "Émile" {
			e.t.Fatalf("Owner(ÉMILE) = %q, %v", o.Name, err)
		}
		if _, err := e.s.Owner(ctx, "zoe"); !inventory.IsKind(err, inventory.ErrNotFound) {
			e.t.Fatalf("Owner(zoe) found Zoë's contacts: %v", err)
		}
		e.update(func(w inventory.Writer) error { return w.DeleteOwner(ctx, "émile") })
		if _, err := e.s.Owner(ctx, "Émile"); !inventory.IsKind(err, inventory.ErrNotFound) {
			e.t.Fatalf("Émile still has contacts after DeleteOwner(émile): %v", err)
		}
	}},
	{"Text/SearchIgnoresTheCaseOfASCIILettersOnly", func(e *env) {
		a := e.create(inventory.Asset{Tag: "CAM-Lobby", Hostname: "Ärzte-PC", Location: "Raum Ω 5"})
		b := e.create(inventory.Asset{Tag: "cam_1", Hostname: "ab1", Location: "50% rack"})
		for text, want := range map[string][]int64{
			"cam-lobby": {a.ID},
			"RZTE-pc":   {a.ID},
			"Ärzte":     {a.ID},
			"ärzte":     nil, // Ä and ä are not ASCII letters
			"raum Ω":    {a.ID},
			"RAUM Ω":    {a.ID},
			"raum ω":    nil,    // nor are Ω and ω
			"cam_":      {b.ID}, // _ is a character, not a wildcard
			"b_1":       nil,
			"50%":       {b.ID},
			"0% r":      {b.ID},
			"5%r":       nil,
			"CAM":       {a.ID, b.ID},
		} {
			e.filtered(inventory.AssetFilter{Search: text}, want)
		}
	}},
}

func asciiOnly(r rune) rune {
	if r < 128 {
		return r
	}
	return 'x'
}
