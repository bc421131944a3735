package service

import (
	"context"
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// evidenceAbout is the evidence about some assets and mappings: what checks
// saw at their addresses (each asset's IPs, each mapping's external
// address) and what they matched to the assets. before, when not zero, is
// the evidence as it stood then.
func evidenceAbout(ctx context.Context, r inventory.Reader, assets []inventory.Asset, mappings []inventory.PortMapping,
	before time.Time) (lifecycle.Evidence, error) {
	f := inventory.EvidenceFilter{Before: before}
	for _, a := range assets {
		f.AssetIDs = append(f.AssetIDs, a.ID)
		f.Addresses = append(f.Addresses, a.IPs()...)
	}
	for _, m := range mappings {
		f.Addresses = append(f.Addresses, m.ExternalAddr)
	}
	return loadEvidence(ctx, r, f)
}

// evidenceAt is the evidence about some addresses alone (unknown devices).
func evidenceAt(ctx context.Context, r inventory.Reader, addrs []string) (lifecycle.Evidence, error) {
	return loadEvidence(ctx, r, inventory.EvidenceFilter{Addresses: addrs})
}

// loadEvidence is the one evidence loader every judgement reads through:
// the store's query (inventory.Reader.Evidence) reads, per address and per
// asset, the newest sightings and the older ones a judgement needs, never
// an address's whole history; lifecycle then orders them by when they
// were recorded.
func loadEvidence(ctx context.Context, r inventory.Reader, f inventory.EvidenceFilter) (lifecycle.Evidence, error) {
	slices.Sort(f.Addresses)
	f.Addresses = slices.Compact(f.Addresses)
	if len(f.Addresses) == 0 && len(f.AssetIDs) == 0 {
		return lifecycle.Evidence{}, nil
	}
	ev, err := r.Evidence(ctx, f)
	return lifecycle.Evidence{Checks: ev.Checks, Observations: ev.Observations}, err
}

// merged is both pieces of evidence, each check and observation once.
func merged(a, b lifecycle.Evidence) lifecycle.Evidence {
	out := lifecycle.Evidence{Checks: slices.Clone(a.Checks), Observations: slices.Clone(a.Observations)}
	checks := map[int64]bool{}
	for _, c := range a.Checks {
		checks[c.ID] = true
	}
	obs := map[int64]bool{}
	for _, o := range a.Observations {
		obs[o.ID] = true
	}
	for _, c := range b.Checks {
		if !checks[c.ID] {
			out.Checks = append(out.Checks, c)
		}
	}
	for _, o := range b.Observations {
		if !obs[o.ID] {
			out.Observations = append(out.Observations, o)
		}
	}
	return out
}

// factsOf reads what a stage decision about asset a looks at: its
// checklist, mappings, sanitization record and evidence.
func factsOf(ctx context.Context, r inventory.Reader, a inventory.Asset) (lifecycle.Facts, error) {
	f := lifecycle.Facts{Asset: a}
	var err error
	if f.Checklist, err = r.Checklist(ctx, a.ID); err != nil {
		return f, err
	}
	if f.Mappings, err = r.Mappings(ctx, inventory.MappingFilter{AssetID: a.ID}); err != nil {
		return f, err
	}
	rec, ok, err := r.Sanitization(ctx, a.ID)
	if err != nil {
		return f, err
	}
	if ok {
		f.Sanitization = &rec
	}
	f.Evidence, err = evidenceAbout(ctx, r, []inventory.Asset{a}, f.Mappings, time.Time{})
	return f, err
}

// Facts reads what a stage decision about the asset ref names looks at,
// in one consistent read.
func (s *Service) Facts(ctx context.Context, ref string) (f lifecycle.Facts, err error) {
	err = s.store.View(ctx, func(r inventory.Reader) error {
		a, err := r.FindAsset(ctx, ref)
		if err != nil {
			return err
		}
		f, err = factsOf(ctx, r, a)
		return err
	})
	return f, err
}

// Policy is the inventory's policy.
func (s *Service) Policy(ctx context.Context) (inventory.Policy, error) { return s.store.Policy(ctx) }
