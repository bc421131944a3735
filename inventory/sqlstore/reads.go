package sqlstore

import (
	"context"

	"github.com/sunset-tui/sunset/inventory"
)

// Reads answers each of inventory.Reader's queries in a read transaction
// of its own: a Store embeds it, for the queries a Store answers itself.
type Reads struct {
	view func(ctx context.Context, fn func(inventory.Reader) error) error
}

// ReadsIn answers each query in a transaction of view (a Store's View).
func ReadsIn(view func(ctx context.Context, fn func(inventory.Reader) error) error) Reads {
	return Reads{view: view}
}

var _ inventory.Reader = Reads{}

func (r Reads) Asset(ctx context.Context, id int64) (a inventory.Asset, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { a, err = t.Asset(ctx, id); return err })
	return a, err
}

func (r Reads) FindAsset(ctx context.Context, ref string) (a inventory.Asset, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { a, err = t.FindAsset(ctx, ref); return err })
	return a, err
}

func (r Reads) Assets(ctx context.Context, f inventory.AssetFilter) (out []inventory.Asset, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.Assets(ctx, f); return err })
	return out, err
}

func (r Reads) AssetsAfter(ctx context.Context, f inventory.AssetFilter, afterID int64, limit int) (out []inventory.Asset, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.AssetsAfter(ctx, f, afterID, limit); return err })
	return out, err
}

func (r Reads) AssetsByKeys(ctx context.Context, k inventory.AssetKeys) (out []inventory.Asset, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.AssetsByKeys(ctx, k); return err })
	return out, err
}

func (r Reads) AssetSummaries(ctx context.Context, f inventory.AssetFilter, page inventory.Page) (out []inventory.AssetSummary, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.AssetSummaries(ctx, f, page); return err })
	return out, err
}

func (r Reads) StageCounts(ctx context.Context, f inventory.AssetFilter) (out map[inventory.Stage]int, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.StageCounts(ctx, f); return err })
	return out, err
}

func (r Reads) Mapping(ctx context.Context, id int64) (m inventory.PortMapping, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { m, err = t.Mapping(ctx, id); return err })
	return m, err
}

func (r Reads) Mappings(ctx context.Context, f inventory.MappingFilter) (out []inventory.PortMapping, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.Mappings(ctx, f); return err })
	return out, err
}

func (r Reads) History(ctx context.Context, assetID int64) (out []inventory.Event, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.History(ctx, assetID); return err })
	return out, err
}

func (r Reads) Histories(ctx context.Context, f inventory.AssetFilter) (out map[int64][]inventory.Event, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.Histories(ctx, f); return err })
	return out, err
}

func (r Reads) Checklists(ctx context.Context, f inventory.AssetFilter) (out map[int64][]inventory.ChecklistItem, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.Checklists(ctx, f); return err })
	return out, err
}

func (r Reads) Sanitizations(ctx context.Context, f inventory.AssetFilter) (out map[int64]inventory.Sanitization, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.Sanitizations(ctx, f); return err })
	return out, err
}

func (r Reads) Checklist(ctx context.Context, assetID int64) (out []inventory.ChecklistItem, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.Checklist(ctx, assetID); return err })
	return out, err
}

func (r Reads) Sanitization(ctx context.Context, assetID int64) (rec inventory.Sanitization, ok bool, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { rec, ok, err = t.Sanitization(ctx, assetID); return err })
	return rec, ok, err
}

func (r Reads) PolicyValues(ctx context.Context) (v map[string]string, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { v, err = t.PolicyValues(ctx); return err })
	return v, err
}

func (r Reads) Policy(ctx context.Context) (p inventory.Policy, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { p, err = t.Policy(ctx); return err })
	return p, err
}

func (r Reads) Checks(ctx context.Context, limit int) (out []inventory.Check, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.Checks(ctx, limit); return err })
	return out, err
}

func (r Reads) Observations(ctx context.Context, f inventory.ObservationFilter) (out []inventory.Observation, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.Observations(ctx, f); return err })
	return out, err
}

func (r Reads) Evidence(ctx context.Context, f inventory.EvidenceFilter) (ev inventory.Evidence, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { ev, err = t.Evidence(ctx, f); return err })
	return ev, err
}

func (r Reads) UnmatchedAddresses(ctx context.Context) (out []string, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.UnmatchedAddresses(ctx); return err })
	return out, err
}

func (r Reads) Dismissals(ctx context.Context) (out []inventory.Dismissal, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.Dismissals(ctx); return err })
	return out, err
}

func (r Reads) Revision(ctx context.Context) (rev int64, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { rev, err = t.Revision(ctx); return err })
	return rev, err
}

func (r Reads) ImportedColumns(ctx context.Context, assetIDs []int64) (out map[int64][]inventory.ImportedColumn, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.ImportedColumns(ctx, assetIDs); return err })
	return out, err
}

func (r Reads) Acknowledgements(ctx context.Context) (out []inventory.Acknowledgement, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.Acknowledgements(ctx); return err })
	return out, err
}

func (r Reads) Owner(ctx context.Context, name string) (o inventory.Owner, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { o, err = t.Owner(ctx, name); return err })
	return o, err
}

func (r Reads) Owners(ctx context.Context) (out []inventory.Owner, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.Owners(ctx); return err })
	return out, err
}

func (r Reads) NotificationsSent(ctx context.Context, assetIDs []int64) (out []inventory.NotificationSent, err error) {
	err = r.view(ctx, func(t inventory.Reader) error { out, err = t.NotificationsSent(ctx, assetIDs); return err })
	return out, err
}
