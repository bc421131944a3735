package inventory

import (
	"context"
	"strings"
	"time"
)

// Store keeps the inventory. Every method is its own transaction; Update
// runs several writes as one. A call that reads or writes many rows stops
// soon after its ctx is cancelled, with ctx's error, in an Update as in a
// View, and a cancelled Update keeps nothing. A Store is safe for
// concurrent use; the Writer or Reader handed to fn may be used from
// another goroutine while fn waits for it, one call at a time, and not
// after fn returns. Text sorts in byte order; "in any case" is
// FoldCase. Implementations: inventory/sqlite, inventory/postgres. Every
// implementation must pass inventory/storetest.
type Store interface {
	Reader
	// Update runs fn in one write transaction. If fn or any write in it
	// fails, nothing of it is kept.
	Update(ctx context.Context, fn func(Writer) error) error
	// View runs fn in one read transaction: every query fn makes sees the
	// same state of the store, whatever is committed meanwhile. What reads
	// several things to judge them together reads them in one View.
	View(ctx context.Context, fn func(Reader) error) error
	// Location names where the data lives (a file path or a DSN without
	// secrets), for `policy show` and `--help`.
	Location() string
	Close() error
}

// Reader holds the queries.
type Reader interface {
	// Asset returns one asset with its addresses, or ErrNotFound.
	Asset(ctx context.Context, id int64) (Asset, error)
	// FindAsset resolves what a person typed, trying in turn, the first
	// that names an asset winning: "#12" is always id 12; a tag; a number
	// as an id; an IP or MAC address (any spelling, see AddressReadings); a
	// hostname in any case; a DNS name. ErrNotFound when nothing matches;
	// ErrConflict, naming the candidates, when what matched first matches
	// several assets (an IP or a DNS name they share, one hostname).
	FindAsset(ctx context.Context, ref string) (Asset, error)
	// Assets lists assets (with addresses) by tag, then id.
	Assets(ctx context.Context, f AssetFilter) ([]Asset, error)
	// AssetsAfter lists, in id order, the assets f keeps whose id is above
	// afterID, at most limit of them (all when limit <= 0), with their
	// addresses. What works through the whole inventory reads it this way,
	// a page at a time, passing each page's last id to the next, so that
	// its memory holds one page; pages read in one View see one state.
	AssetsAfter(ctx context.Context, f AssetFilter, afterID int64, limit int) ([]Asset, error)
	// AssetsByKeys lists, in id order and each once, every asset that any
	// of k's keys names (see AssetKeys), with its addresses: indexed
	// lookups however large the inventory, so that an import matches a
	// batch of rows without reading every asset.
	AssetsByKeys(ctx context.Context, k AssetKeys) ([]Asset, error)
	// AssetSummaries lists what a list of many assets shows, in the order
	// of Assets, a page at a time: one indexed query, far cheaper per
	// asset than Assets.
	AssetSummaries(ctx context.Context, f AssetFilter, page Page) ([]AssetSummary, error)
	// StageCounts counts the assets f keeps, by stage; a stage with none
	// is absent.
	StageCounts(ctx context.Context, f AssetFilter) (map[Stage]int, error)
	Mapping(ctx context.Context, id int64) (PortMapping, error)
	Mappings(ctx context.Context, f MappingFilter) ([]PortMapping, error)
	// History lists an asset's events, oldest first.
	History(ctx context.Context, assetID int64) ([]Event, error)
	// Checklist lists an asset's end-of-life items in their order.
	Checklist(ctx context.Context, assetID int64) ([]ChecklistItem, error)
	// Sanitization returns the asset's sanitization record; ok is false
	// when none was recorded.
	Sanitization(ctx context.Context, assetID int64) (rec Sanitization, ok bool, err error)
	// Histories, Checklists and Sanitizations are History, Checklist and
	// Sanitization for every asset f keeps at once, by asset ID (an asset
	// with no checklist or record is absent): what reads many assets reads
	// them this way, not one query per asset.
	Histories(ctx context.Context, f AssetFilter) (map[int64][]Event, error)
	Checklists(ctx context.Context, f AssetFilter) (map[int64][]ChecklistItem, error)
	Sanitizations(ctx context.Context, f AssetFilter) (map[int64]Sanitization, error)
	// PolicyValues returns the stored policy text, with defaults for
	// unset keys.
	PolicyValues(ctx context.Context) (map[string]string, error)
	Policy(ctx context.Context) (Policy, error)
	// Checks lists checks newest first in the order they were recorded
	// (RecordedAt, then ID), whatever times they say they ran at; limit
	// <= 0 means all.
	Checks(ctx context.Context, limit int) ([]Check, error)
	Observations(ctx context.Context, f ObservationFilter) ([]Observation, error)
	// Evidence reads what checks saw at f's addresses and of f's assets,
	// as much as a judgement needs and no more: see EvidenceFilter. It
	// reads only what it returns, through indexes, never an address's
	// whole history. An empty filter reads nothing.
	Evidence(ctx context.Context, f EvidenceFilter) (Evidence, error)
	// UnmatchedAddresses lists, once each, the addresses at which a check
	// saw a device answer that matched no asset, in IP order (numeric,
	// IPv4 before IPv6).
	UnmatchedAddresses(ctx context.Context) ([]string, error)
	Dismissals(ctx context.Context) ([]Dismissal, error)
	// Acknowledgements lists the acknowledged findings by finding key,
	// expired ones included: lifecycle decides which still hold.
	Acknowledgements(ctx context.Context) ([]Acknowledgement, error)
	// ImportedColumns reads what imports kept of the given assets'
	// columns that are no asset field, by asset ID (an asset with none is
	// absent), each asset's in the order of their column names.
	ImportedColumns(ctx context.Context, assetIDs []int64) (map[int64][]ImportedColumn, error)
	// Revision grows with every committed write, from any process, so a
	// long-running reader can tell that it should reload.
	Revision(ctx context.Context) (int64, error)
	// Owner returns the contacts of the owner named (in any case), or
	// ErrNotFound; Owners lists every owner's, by name.
	Owner(ctx context.Context, name string) (Owner, error)
	Owners(ctx context.Context) ([]Owner, error)
	// NotificationsSent reads the sent-log of the given assets (0 for
	// unknown devices), by query, never the whole log.
	NotificationsSent(ctx context.Context, assetIDs []int64) ([]NotificationSent, error)
}

// Writer holds the changes, available inside Store.Update. Every change to
// an asset writes its history event in the same transaction, with the
// store's actor and clock.
type Writer interface {
	Reader
	// CreateAsset validates and inserts a, setting a.ID. ErrConflict when
	// another asset holds its tag, its serial (as SerialKey compares them)
	// or one of its MACs (those IdentifyingMAC accepts): the error's Field
	// is "tag", "serial" or "mac", and its message names the value and the
	// asset that holds it.
	CreateAsset(ctx context.Context, a *Asset, reason string) error
	// CreateAssets is CreateAsset for many assets, as an import makes them:
	// as[i] is created with reasons[i], each with its "created" event, in
	// far fewer statements than one call each. Every asset is validated
	// before any is stored; an error names the asset by its position, and
	// a tag, serial or MAC given to two of them names both.
	CreateAssets(ctx context.Context, as []*Asset, reasons []string) error
	// UpdateAsset validates and stores a (addresses included), recording
	// each changed field, refusing a tag, serial or MAC another asset holds
	// as CreateAsset does. It refuses to change the stage: that is
	// SetStage. LastSeen only moves forward (to no later than now), with
	// no event, as a check moves it. It reports whether anything changed.
	UpdateAsset(ctx context.Context, a *Asset, reason string) (changed bool, err error)
	// SetStage moves an asset to a stage. Guards are the caller's job
	// (lifecycle decides); forced records that a guard was overridden.
	SetStage(ctx context.Context, assetID int64, to Stage, reason string, forced bool) error
	AddMapping(ctx context.Context, m *PortMapping, reason string) error
	CloseMapping(ctx context.Context, id int64, evidence string) error
	// UpdateMapping validates and stores m over the mapping with m.ID,
	// recording each changed field in one "mapping-updated" event on its
	// asset. It refuses to move a mapping to another asset, to change a
	// closed mapping other than its evidence, and to give an open one
	// evidence (that is CloseMapping). It reports whether anything changed.
	UpdateMapping(ctx context.Context, m *PortMapping, reason string) (changed bool, err error)
	// PutChecklist replaces an asset's checklist with items (done state
	// included, as given).
	PutChecklist(ctx context.Context, assetID int64, items []ChecklistItem) error
	// PutChecklists replaces the checklists of many assets at once, keyed
	// by asset ID, as PutChecklist does each; an import of many assets at
	// the end of their life stores theirs this way.
	PutChecklists(ctx context.Context, lists map[int64][]ChecklistItem) error
	// CompleteItem marks one item done with evidence at the store's now.
	CompleteItem(ctx context.Context, assetID int64, itemID, evidence string) error
	// ReopenItem marks a done item open again (clearing when, by whom and
	// the evidence) and records why in the asset's history. ErrNotFound
	// for an unknown asset or item; ErrRefused when the item is not done;
	// ErrInvalid (field "reason") when reason is blank or longer than
	// MaxNotes.
	ReopenItem(ctx context.Context, assetID int64, itemID, reason string) error
	RecordSanitization(ctx context.Context, s *Sanitization) error
	// SaveCheck stores a check and its observations, setting their IDs and
	// c.RecordedAt (the store's now), and moves each matched asset's
	// LastSeen forward when it answered. A time of the check or of an
	// observation later than RecordedAt is stored as RecordedAt; one later
	// than RecordedAt + MaxClockSkew refuses the whole check (ErrInvalid,
	// naming "started_at", "ended_at" or "seen_at"): a file or a scanner
	// whose clock runs ahead cannot be evidence.
	SaveCheck(ctx context.Context, c *Check, obs []Observation) error
	SetPolicyValue(ctx context.Context, key, value string) error
	Dismiss(ctx context.Context, d *Dismissal) error
	// Acknowledge records an acknowledgement (validated), replacing an
	// earlier one of the same finding; an asset's finding records it in
	// the asset's history ("acknowledged"). An empty By is the store's
	// actor; a zero At is now.
	Acknowledge(ctx context.Context, a *Acknowledgement) error
	// Unacknowledge withdraws the acknowledgement of a finding, with a
	// reason its asset's history keeps ("unacknowledged"). ErrNotFound
	// when the finding has none.
	Unacknowledge(ctx context.Context, finding, reason string) error
	// AddImportedColumns stores the imported columns of assets created
	// in this transaction, keyed by asset ID, many to a statement: their
	// "created" event covers them. A value replaces the asset's value of
	// the same column; its other columns keep theirs.
	AddImportedColumns(ctx context.Context, cols map[int64][]ImportedColumn) error
	// SetImportedColumns stores imported columns of an existing asset as
	// AddImportedColumns does, and records the values that changed in its
	// history (an "updated" event, each change under the field
	// "imported: COLUMN") with reason. It reports whether anything
	// changed. Notes, which are a person's, are never touched.
	SetImportedColumns(ctx context.Context, assetID int64, cols []ImportedColumn, reason string) (changed bool, err error)
	// AddEvent writes a history event that no other write records (a note
	// from an import, an adoption).
	AddEvent(ctx context.Context, e *Event) error
	// SetOwner validates and stores an owner's contacts, replacing
	// earlier ones; DeleteOwner forgets them (ErrNotFound when none).
	SetOwner(ctx context.Context, o *Owner) error
	DeleteOwner(ctx context.Context, name string) error
	// RecordDelivery stores a message that reached its recipient and a
	// sent-log row for each item it carried, setting d.ID; an item
	// already logged at that step for that recipient is left as it was.
	RecordDelivery(ctx context.Context, d *Delivery) error
}

// AssetFilter narrows what a Reader lists or counts of the assets. Zero
// fields do not filter; an asset is kept when every field set keeps it.
type AssetFilter struct {
	Stages []Stage
	Kind   Kind
	// Owner is compared in any case (FoldCase, every script).
	Owner string
	IDs   []int64
	// MaxID keeps the assets whose id is at most MaxID; 0 keeps any.
	MaxID int64
	// Address keeps the assets with this address: an IP, a MAC or a DNS
	// name in any spelling inventory accepts, compared after normalising.
	// Text that reads as two (see AddressReadings) keeps the assets with
	// either; text that is no address keeps none.
	Address string
	// Search keeps the assets in whose tag, hostname, name, serial, owner,
	// vendor, model, department, location or any address it occurs,
	// ignoring the case of ASCII letters (other letters match in their
	// own case only; % and _ are plain characters); text that reads as an address in
	// another spelling (AA-BB-CC-00-11-22) also finds that address. Blank
	// text does not filter. No index serves it: what lists with it asks
	// for a page at a time.
	Search string
}

// AssetKeys are what an import or a check matches its rows or what it
// saw to assets by, many of each. A key names the assets whose field
// equals it as the inventory compares that field: a tag exactly (trimmed,
// as tags are stored), a hostname or a name in any case (NameKey), a
// serial as SerialKey folds it, a MAC, an IP or a DNS name in any
// spelling, an external id exactly (whatever its source).
// Empty keys, placeholder serials, MACs IdentifyingMAC refuses and text
// that is no address of its kind name no asset.
type AssetKeys struct {
	Tags        []string
	Hostnames   []string
	Names       []string
	Serials     []string
	MACs        []string
	IPs         []string
	DNSNames    []string
	ExternalIDs []string
}

// AssetSummary is an asset as a list of many shows it.
type AssetSummary struct {
	ID         int64
	Tag        string
	Hostname   string
	Name       string
	Kind       Kind
	Stage      Stage
	Owner      string
	StageSince time.Time
	// LastSeen is zero when no check saw the asset answer.
	LastSeen time.Time
	// PrimaryIP is Asset.PrimaryIP: the primary IP address, else the
	// first, else "".
	PrimaryIP string
	// Search is the rest of the short text a person may look the asset up
	// by, so that a list can filter on more than it shows: name, serial,
	// vendor, model, department, location and every address, one a line
	// (unset ones left out).
	Search string
}

// SummaryOf is what a list says of a, as AssetSummaries says it of a
// stored asset: for a front end that holds the whole asset already.
func SummaryOf(a *Asset) AssetSummary {
	var search []string
	for _, v := range []string{a.Name, a.Serial, a.Vendor, a.Model, a.Department, a.Location} {
		if v != "" {
			search = append(search, v)
		}
	}
	for _, ad := range a.Addresses {
		search = append(search, ad.Value)
	}
	return AssetSummary{ID: a.ID, Tag: a.Tag, Hostname: a.Hostname, Name: a.Name, Kind: a.Kind, Stage: a.Stage,
		Owner: a.Owner, StageSince: a.StageSince, LastSeen: a.LastSeen, PrimaryIP: a.PrimaryIP(),
		Search: strings.Join(search, "\n")}
}

// Page is one stretch of a listing in tag, then id order: at most Limit
// items (all when Limit <= 0) after the item with AfterTag and AfterID
// (from the start when AfterID is 0). The next page starts after the last
// item of this one.
type Page struct {
	AfterTag string
	AfterID  int64
	Limit    int
}

// MappingFilter narrows Mappings. Zero fields do not filter.
type MappingFilter struct {
	AssetID  int64
	OpenOnly bool
}

// ObservationFilter narrows Observations, newest first. Zero fields do not
// filter.
type ObservationFilter struct {
	CheckID int64
	AssetID int64
	Address string
	Since   time.Time
	Limit   int
}

// EvidenceFilter chooses what a judgement reads of what checks saw.
// Observations are ordered newest first by SeenAt, then ID. An observation
// is definitive when its device answered, or was dark in a check that is
// not partial; a complete check is one that is not partial.
type EvidenceFilter struct {
	// Addresses are IP addresses whose sightings are read (normalised as
	// Observations does). For each, its newest Depth observations, and
	// these when older:
	//   - the newest observation from a complete check, whatever its state
	//     (the last check that covered the address);
	//   - the newest definitive observation (N);
	//   - the newest definitive observation whose state differs from N's
	//     (B, where the current run of answers, or of dark results, broke
	//     from the one before);
	//   - the oldest definitive observation in N's state newer than B, or
	//     the oldest in N's state when there is no B: where the current run
	//     began, so that a judgement can say since when a device answers
	//     or is dark;
	//   - for each site whose checks saw the address (Check.Site, the
	//     empty site included), the newest observation from a complete
	//     check of that site and the newest definitive one from a check
	//     of that site: liveness is judged per site.
	Addresses []string
	// AssetIDs are assets whose matched sightings are read, wherever they
	// were seen: for each, its newest Depth observations, and the newest
	// one from a complete check when older.
	AssetIDs []int64
	// Depth is how many of the newest sightings are read per address and
	// per asset; <= 0 means DefaultEvidenceDepth.
	Depth int
	// Before, when not zero, keeps only what was seen at or before it: the
	// evidence as it stood then.
	Before time.Time
}

// DefaultEvidenceDepth is the Depth of an EvidenceFilter that gives none.
const DefaultEvidenceDepth = 64

// Evidence is what checks saw, as a judgement reads it.
type Evidence struct {
	// Checks are exactly the checks the observations came from, newest
	// recorded first, with every field as Checks gives it.
	Checks []Check
	// Observations, each once, newest first.
	Observations []Observation
}
