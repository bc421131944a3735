package importers

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestClaimsSpilledAreFoundWithTheirPlace: claims beyond what memory
// holds go to files and are found again, each with the row that made it,
// and a claim nobody made is not found.
func TestClaimsSpilledAreFoundWithTheirPlace(t *testing.T) {
	c := newClaims(context.Background())
	defer c.close()
	const n = 3*recentClaims + 1234
	keys := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		if err := c.add(keys.Uint64(), placeOf(i%3, i)); err != nil {
			t.Fatal(err)
		}
	}
	if c.spilled == nil || len(c.spilled.runs) != 2 || c.spilled.n != 3*recentClaims {
		t.Fatalf("spilled %+v, want a run of two spills merged and one more", c.spilled)
	}
	keys = rand.New(rand.NewPCG(1, 2))
	for i := range n {
		p, ok, err := c.lookUp(keys.Uint64())
		if err != nil || !ok || p.file() != i%3 || p.line() != i {
			t.Fatalf("claim %d: %v %v (file %d line %d)", i, ok, err, p.file(), p.line())
		}
	}
	for range 10000 {
		if _, ok, err := c.lookUp(keys.Uint64()); ok || err != nil {
			t.Fatalf("a claim nobody made was found (%v)", err)
		}
	}
}

// TestSpilledClaimsOutgrowingTheirFilter: a filter made for fewer claims
// than were spilled is made again, larger, from every run, and every
// claim is still found.
func TestSpilledClaimsOutgrowingTheirFilter(t *testing.T) {
	s := &spill{ctx: context.Background(), bloom: newBloom(1000)}
	defer s.close()
	keys := rand.New(rand.NewPCG(3, 4))
	var all []uint64
	for range 3 {
		recent := map[uint64]place{}
		for range 5000 {
			k := keys.Uint64()
			recent[k] = placeOf(0, len(all))
			all = append(all, k)
		}
		if err := s.add(recent); err != nil {
			t.Fatal(err)
		}
	}
	if s.bloom.capacity != 2*15000 || len(s.runs) != 2 {
		t.Fatalf("filter for %d claims, %d runs; want one made again for twice the 15,000 spilled, and two runs", s.bloom.capacity, len(s.runs))
	}
	for i, k := range all {
		if p, ok, err := s.lookUp(k); !ok || err != nil || p.line() != i {
			t.Fatalf("claim %d: %v %v line %d", i, ok, err, p.line())
		}
	}
}

// TestDuplicatesFarApartAreCaught: a row that repeats one read long
// before, its claims spilled since, is still the same device named twice.
func TestDuplicatesFarApartAreCaught(t *testing.T) {
	var b strings.Builder
	b.WriteString("tag,hostname\n")
	n := recentClaims/2 + batchRows // two claims a row: every claim spilled once
	for i := range n {
		b.WriteString("F-" + itoa(i) + ",host-" + itoa(i) + "\n")
	}
	b.WriteString("F-7,other\n")
	st, _ := testStore(t)
	rep := mustImport(t, st, []string{writeFile(t, "far.csv", b.String())}, Options{DryRun: true})
	if r := rowAt(t, rep, n+2); r.Action != ActionConflict || r.Reason != `has the same tag "F-7" as line 9` {
		t.Fatalf("last row %+v", r)
	}
}
