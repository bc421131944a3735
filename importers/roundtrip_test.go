package importers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

func exportCSV(t *testing.T, st inventory.Reader) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := ExportCSV(&b, allAssets(t, st)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func addr(kind inventory.AddressKind, v string, primary bool) inventory.Address {
	return inventory.Address{Kind: kind, Value: v, Primary: primary}
}

// trickyInventory holds the values a CSV round trip could lose: formula
// starts, quotes, delimiters and line breaks inside cells, shared
// hostnames, several addresses of a kind, every field set.
func trickyInventory() []inventory.Asset {
	d := func(s string) inventory.Date { v, _ := inventory.ParseDate(s); return v }
	return []inventory.Asset{
		{Tag: "RT-1", Hostname: "web01.example.net", Kind: inventory.KindServer, Vendor: "-vendor", Model: "+model",
			Serial: " SN 1 ", Owner: "=SUM(A1:A9)", Department: "@ops", Location: "\tRack 4, \"top\"", Stage: inventory.StageDecommissioning,
			DeployedOn: d("2019-02-03"), WarrantyEnds: d("2024-02-03"), EOLOn: d("2026-12-31"), LastManagedOn: d("2025-01-01"),
			HoldsCredentials: true, CredentialsRef: "vault:kv/web01", StoresData: true, Classification: "'confidential",
			OS: "'", OSVersion: "''=x", Approved: true, Notes: "line one\r\nline two; \"quoted\", comma\n\n=not a formula\r",
			Addresses: []inventory.Address{addr(inventory.AddrIP, "192.0.2.10", true), addr(inventory.AddrIP, "2001:db8::10", false),
				addr(inventory.AddrMAC, "00:00:5e:00:53:10", false), addr(inventory.AddrMAC, "00:00:5e:00:53:11", false),
				addr(inventory.AddrDNS, "web01.example.net", false), addr(inventory.AddrDNS, "www.example.net", false)}},
		{Tag: "RT-2"},
		{Hostname: "printer", Kind: inventory.KindPrinter, Stage: inventory.StageRetired, Owner: "  spaced  "},
		{Tag: "RT-4", Hostname: "printer", Kind: inventory.KindPrinter, Stage: inventory.StageSpare, Location: "Zürich – 3rd floor ✓"},
		{Tag: "RT-5", Hostname: "cam-1", Kind: inventory.KindCamera, Stage: inventory.StagePlanned, Notes: "\r", Owner: "\rcr"},
	}
}

func TestExportThenImportRoundTripsTheInventory(t *testing.T) {
	ctx := context.Background()
	st1, path1 := testStore(t)
	seed(t, st1, trickyInventory()...)
	exported := exportCSV(t, st1)
	if !bytes.HasPrefix(exported, []byte(strings.Join(ExportHeader(), ",")+"\n")) {
		t.Fatalf("header: %q", exported[:200])
	}
	if !bytes.Contains(exported, []byte(`'=SUM(A1:A9)`)) || !bytes.Contains(exported, []byte(`,'-vendor,'+model,`)) {
		t.Fatalf("formula guard missing:\n%s", exported)
	}
	file := writeFile(t, "export.csv", string(exported))

	// Into an empty inventory: the same assets come back.
	st2, _ := testStore(t)
	rep := mustImport(t, st2, []string{file}, Options{})
	if rep.Counts.Created != 5 || rep.Files[0].Detected != "the header is sunset's own export header" {
		t.Fatalf("%+v %+v", rep.Counts, rep.Rows)
	}
	if again := exportCSV(t, st2); !bytes.Equal(again, exported) {
		t.Fatalf("round trip differs:\n%s\n---\n%s", exported, again)
	}
	orig := allAssets(t, st1)
	back := allAssets(t, st2)
	for i := range orig {
		if diff(&orig[i], &back[i]) != nil {
			t.Fatalf("asset %s differs: %+v", orig[i].Ref(), diff(&orig[i], &back[i]))
		}
	}

	// Into the inventory it came from: nothing changes, not a byte.
	if err := st1.Close(); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, path1)
	st1 = reopen(t, st1, path1)
	rep, err := Import(ctx, st1, []string{file}, Options{})
	if err != nil || rep.Counts.Unchanged != 5 || rep.Written {
		t.Fatalf("%v %+v %+v", err, rep.Counts, rep.Rows)
	}
	st1.Close()
	if fileHash(t, path1) != before {
		t.Fatal("re-importing the export changed the database")
	}
}

// randomInventory makes n valid assets from a seeded source, with text
// drawn from characters a CSV must protect.
func randomInventory(r *rand.Rand, n int) []inventory.Asset {
	const pool = "aZ09 ,;\"'=+-@\t\r\n|é€ʤ\\/:"
	text := func(max int) string {
		n := r.Intn(max + 1)
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(string([]rune(pool)[r.Intn(len([]rune(pool)))]))
		}
		return b.String()
	}
	date := func() inventory.Date {
		if r.Intn(3) == 0 {
			return inventory.Date{}
		}
		v, _ := inventory.ParseDate(fmt.Sprintf("%04d-%02d-%02d", 2000+r.Intn(40), 1+r.Intn(12), 1+r.Intn(28)))
		return v
	}
	// Identifiers (tag, serial) hold no control characters.
	ident := func(max int) string {
		return strings.TrimSpace(strings.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == '\t' {
				return 'x'
			}
			return r
		}, text(max)))
	}
	var out []inventory.Asset
	for i := 0; i < n; i++ {
		a := inventory.Asset{Tag: fmt.Sprintf("R%04d%s", i, ident(6)),
			Kind: inventory.Kinds[r.Intn(len(inventory.Kinds))], Stage: inventory.Stages[r.Intn(len(inventory.Stages))],
			Vendor: text(8), Model: text(8), Serial: fmt.Sprintf("%s%d", ident(6), i), Owner: text(8), Department: text(5), Location: text(12),
			DeployedOn: date(), EOLOn: date(), LastManagedOn: date(), HoldsCredentials: r.Intn(2) == 0, CredentialsRef: text(5),
			StoresData: r.Intn(2) == 0, Classification: text(4), OS: text(6), OSVersion: text(4), Approved: r.Intn(2) == 0, Notes: text(40)}
		if r.Intn(2) == 0 {
			a.Hostname = fmt.Sprintf("host-%d", r.Intn(n))
		}
		if r.Intn(2) == 0 {
			a.Addresses = append(a.Addresses, addr(inventory.AddrIP, fmt.Sprintf("192.0.2.%d", r.Intn(250)+1), true))
		}
		if r.Intn(3) == 0 {
			a.Addresses = append(a.Addresses, addr(inventory.AddrMAC, fmt.Sprintf("00:00:5e:00:53:%02x", i%256), false))
		}
		out = append(out, a)
	}
	return out
}

func TestRandomInventoriesRoundTrip(t *testing.T) {
	for seedValue := int64(1); seedValue <= 3; seedValue++ {
		r := rand.New(rand.NewSource(seedValue))
		st1, _ := testStore(t)
		assets := randomInventory(r, 120)
		// MACs must stay unique per device for matching: keep the first.
		seen := map[string]bool{}
		for i := range assets {
			var kept []inventory.Address
			for _, ad := range assets[i].Addresses {
				if ad.Kind == inventory.AddrMAC && seen[ad.Value] {
					continue
				}
				seen[ad.Value] = ad.Kind == inventory.AddrMAC
				kept = append(kept, ad)
			}
			assets[i].Addresses = kept
		}
		seed(t, st1, assets...)
		exported := exportCSV(t, st1)
		file := writeFile(t, "export.csv", string(exported))
		st2, _ := testStore(t)
		rep := mustImport(t, st2, []string{file}, Options{})
		if rep.Counts.Created != len(assets) {
			t.Fatalf("seed %d: %+v\n%+v", seedValue, rep.Counts, rep.Rows)
		}
		if again := exportCSV(t, st2); !bytes.Equal(again, exported) {
			t.Fatalf("seed %d: round trip differs", seedValue)
		}
		rep = mustImport(t, st1, []string{file}, Options{})
		if rep.Counts.Unchanged != len(assets) {
			t.Fatalf("seed %d: re-import into the source: %+v", seedValue, rep.Counts)
		}
	}
}

func TestExportJSONCarriesTheSchema(t *testing.T) {
	st, _ := testStore(t)
	seed(t, st, trickyInventory()[0])
	var b bytes.Buffer
	if err := ExportJSON(&b, allAssets(t, st)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schema int               `json:"schema"`
		Assets []inventory.Asset `json:"assets"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || doc.Schema != 1 || len(doc.Assets) != 1 ||
		doc.Assets[0].Tag != "RT-1" || !slices.Contains(doc.Assets[0].IPs(), "2001:db8::10") {
		t.Fatalf("%v: %s", err, b.String())
	}
	b.Reset()
	if err := ExportJSON(&b, nil); err != nil || json.Unmarshal(b.Bytes(), &doc) != nil || doc.Assets == nil || len(doc.Assets) != 0 {
		t.Fatal(b.String())
	}
}
