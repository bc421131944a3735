package postgres

import (
	"context"

	"github.com/sunset-tui/sunset/inventory"
)

// The Store's queries each run in their own read transaction.

func (s *Store) Asset(ctx context.Context, id int64) (a inventory.Asset, err error) {
	err = s.view(ctx, func(t *txn) error { a, err = t.Asset(ctx, id); return err })
	return a, err
}

func (s *Store) FindAsset(ctx context.Context, ref string) (a inventory.Asset, err error) {
	err = s.view(ctx, func(t *txn) error { a, err = t.FindAsset(ctx, ref); return err })
	return a, err
}

func (s *Store) Assets(ctx context.Context, f inventory.AssetFilter) (out []inventory.Asset, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.Assets(ctx, f); return err })
	return out, err
}

func (s *Store) AssetsAfter(ctx context.Context, f inventory.AssetFilter, afterID int64, limit int) (out []inventory.Asset, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.AssetsAfter(ctx, f, afterID, limit); return err })
	return out, err
}

func (s *Store) AssetsByKeys(ctx context.Context, k inventory.AssetKeys) (out []inventory.Asset, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.AssetsByKeys(ctx, k); return err })
	return out, err
}

func (s *Store) AssetSummaries(ctx context.Context, f inventory.AssetFilter, page inventory.Page) (out []inventory.AssetSummary, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.AssetSummaries(ctx, f, page); return err })
	return out, err
}

func (s *Store) StageCounts(ctx context.Context, f inventory.AssetFilter) (out map[inventory.Stage]int, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.StageCounts(ctx, f); return err })
	return out, err
}

func (s *Store) Mapping(ctx context.Context, id int64) (m inventory.PortMapping, err error) {
	err = s.view(ctx, func(t *txn) error { m, err = t.Mapping(ctx, id); return err })
	return m, err
}

func (s *Store) Mappings(ctx context.Context, f inventory.MappingFilter) (out []inventory.PortMapping, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.Mappings(ctx, f); return err })
	return out, err
}

func (s *Store) History(ctx context.Context, assetID int64) (out []inventory.Event, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.History(ctx, assetID); return err })
	return out, err
}

func (s *Store) Histories(ctx context.Context, f inventory.AssetFilter) (out map[int64][]inventory.Event, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.Histories(ctx, f); return err })
	return out, err
}

func (s *Store) Checklists(ctx context.Context, f inventory.AssetFilter) (out map[int64][]inventory.ChecklistItem, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.Checklists(ctx, f); return err })
	return out, err
}

func (s *Store) Sanitizations(ctx context.Context, f inventory.AssetFilter) (out map[int64]inventory.Sanitization, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.Sanitizations(ctx, f); return err })
	return out, err
}

func (s *Store) Checklist(ctx context.Context, assetID int64) (out []inventory.ChecklistItem, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.Checklist(ctx, assetID); return err })
	return out, err
}

func (s *Store) Sanitization(ctx context.Context, assetID int64) (rec inventory.Sanitization, ok bool, err error) {
	err = s.view(ctx, func(t *txn) error { rec, ok, err = t.Sanitization(ctx, assetID); return err })
	return rec, ok, err
}

func (s *Store) PolicyValues(ctx context.Context) (v map[string]string, err error) {
	err = s.view(ctx, func(t *txn) error { v, err = t.PolicyValues(ctx); return err })
	return v, err
}

func (s *Store) Policy(ctx context.Context) (p inventory.Policy, err error) {
	err = s.view(ctx, func(t *txn) error { p, err = t.Policy(ctx); return err })
	return p, err
}

func (s *Store) Checks(ctx context.Context, limit int) (out []inventory.Check, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.Checks(ctx, limit); return err })
	return out, err
}

func (s *Store) Observations(ctx context.Context, f inventory.ObservationFilter) (out []inventory.Observation, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.Observations(ctx, f); return err })
	return out, err
}

func (s *Store) Evidence(ctx context.Context, f inventory.EvidenceFilter) (ev inventory.Evidence, err error) {
	err = s.view(ctx, func(t *txn) error { ev, err = t.Evidence(ctx, f); return err })
	return ev, err
}

func (s *Store) UnmatchedAddresses(ctx context.Context) (out []string, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.UnmatchedAddresses(ctx); return err })
	return out, err
}

func (s *Store) Dismissals(ctx context.Context) (out []inventory.Dismissal, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.Dismissals(ctx); return err })
	return out, err
}

func (s *Store) Revision(ctx context.Context) (rev int64, err error) {
	err = s.view(ctx, func(t *txn) error { rev, err = t.Revision(ctx); return err })
	return rev, err
}

func (s *Store) ImportedColumns(ctx context.Context, assetIDs []int64) (out map[int64][]inventory.ImportedColumn, err error) {
	err = s.view(ctx, func(t *txn) error { out, err = t.ImportedColumns(ctx, assetIDs); return err })
	return out, err
}
