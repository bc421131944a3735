package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"net/netip"
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// EndOfTime is later than any stored time: the Before of a filter without
// one, so that every query of Evidence has one form.
const EndOfTime = "9999-12-31T23:59:59.999999999Z"

// EvidenceQueries are the queries of Evidence, in a dialect. Each reads a
// few rows through an index: the newest at an address or of an asset, and
// single observations where a run of states begins or ends. The joins walk
// the observations' index and look each check up, never the other way
// round (Dialect.OrderedJoin).
type EvidenceQueries struct {
	// The newest sightings at one address, or of one asset.
	SightingsAtAddress, SightingsOfAsset string
	// The newest sightings at many addresses, or of many assets, in one
	// statement, a search of the index for each (Dialect.LateralSightings).
	SightingsAtAddresses, SightingsOfAssets string
	CheckPartial                            string
	NewestCompleteAtAddress                 string
	NewestCompleteOfAsset                   string
	// state is answered or dark; a dark one counts in a complete check only.
	NewestDefinitive string
	// The oldest in a state after a given seen_at and id.
	OldestDefinitiveAfter string
	// The newest at an address from one site's complete checks, and the
	// newest definitive one from its checks: one search each of the index
	// by address and site.
	NewestCompleteAtSite, NewestDefinitiveAtSite string
	// The sites checks ran from, skipping through their index from one
	// to the next.
	Sites            string
	ObservationsByID string
	// Which of many addresses, or assets, any check saw: most of a large
	// inventory may never have been checked, and need no query of its own.
	SeenAddresses, SeenAssets string
	// SeenAssetsBetween is SeenAssets for the assets of a span of ids, a
	// chunk of the inventory: one walk of the index's range.
	SeenAssetsBetween string
	ChecksByID        string
}

func newEvidenceQueries(d *Dialect) *EvidenceQueries {
	join := `FROM observations o ` + d.OrderedJoin + ` checks c ON c.id = o.check_id`
	q := &EvidenceQueries{
		SightingsAtAddress: `SELECT ` + ObservationColumns + ` FROM observations
		WHERE address = ? AND seen_at <= ? ORDER BY seen_at DESC, id DESC LIMIT ?`,
		SightingsOfAsset: `SELECT ` + ObservationColumns + ` FROM observations
		WHERE asset_id = ? AND seen_at <= ? ORDER BY seen_at DESC, id DESC LIMIT ?`,
		CheckPartial: `SELECT partial, site FROM checks WHERE id = ?`,
		NewestCompleteAtAddress: `SELECT o.id, o.seen_at ` + join + `
		WHERE o.address = ? AND o.seen_at <= ? AND NOT c.partial ORDER BY o.seen_at DESC, o.id DESC LIMIT 1`,
		NewestCompleteOfAsset: `SELECT o.id, o.seen_at ` + join + `
		WHERE o.asset_id = ? AND o.seen_at <= ? AND NOT c.partial ORDER BY o.seen_at DESC, o.id DESC LIMIT 1`,
		NewestDefinitive: `SELECT o.id, o.seen_at ` + join + `
		WHERE o.address = ? AND o.state = ? AND o.seen_at <= ? AND (o.state = 'answered' OR NOT c.partial)
		ORDER BY o.seen_at DESC, o.id DESC LIMIT 1`,
		OldestDefinitiveAfter: `SELECT o.id, o.seen_at ` + join + `
		WHERE o.address = ? AND o.state = ? AND o.seen_at >= ? AND (o.seen_at > ? OR o.id > ?)
		AND (o.state = 'answered' OR NOT c.partial) ORDER BY o.seen_at, o.id LIMIT 1`,
		NewestCompleteAtSite: `SELECT o.id, o.seen_at ` + join + `
		WHERE o.address = ? AND o.site = ? AND o.seen_at <= ? AND NOT c.partial ORDER BY o.seen_at DESC, o.id DESC LIMIT 1`,
		NewestDefinitiveAtSite: `SELECT o.id, o.seen_at ` + join + `
		WHERE o.address = ? AND o.site = ? AND o.seen_at <= ? AND o.state <> 'unknown' AND (o.state = 'answered' OR NOT c.partial)
		ORDER BY o.seen_at DESC, o.id DESC LIMIT 1`,
		Sites: `WITH RECURSIVE s (site) AS (
			SELECT min(site) FROM checks
			UNION ALL
			SELECT (SELECT min(site) FROM checks WHERE site > s.site) FROM s WHERE s.site IS NOT NULL)
		SELECT site FROM s WHERE site IS NOT NULL`,
		ObservationsByID:  `SELECT ` + ObservationColumns + ` FROM observations WHERE ` + d.in(`id`, `?`, `bigint`),
		SeenAddresses:     `SELECT DISTINCT address FROM observations WHERE ` + d.in(`address`, `?`, `text`),
		SeenAssets:        `SELECT DISTINCT asset_id FROM observations WHERE ` + d.in(`asset_id`, `?`, `bigint`),
		SeenAssetsBetween: `SELECT DISTINCT asset_id FROM observations WHERE asset_id BETWEEN ? AND ?`,
		ChecksByID: `SELECT ` + CheckColumns + ` FROM checks WHERE ` + d.in(`id`, `?`, `bigint`) + `
		ORDER BY recorded_at DESC, id DESC`,
	}
	if d.LateralSightings {
		q.SightingsAtAddresses = `SELECT o.* FROM unnest(?::text[]) AS k (address) CROSS JOIN LATERAL (
		SELECT ` + ObservationColumns + ` FROM observations
		WHERE address = k.address AND seen_at <= ? ORDER BY seen_at DESC, id DESC LIMIT ?) AS o`
		q.SightingsOfAssets = `SELECT o.* FROM unnest(?::bigint[]) AS k (asset_id) CROSS JOIN LATERAL (
		SELECT ` + ObservationColumns + ` FROM observations
		WHERE asset_id = k.asset_id AND seen_at <= ? ORDER BY seen_at DESC, id DESC LIMIT ?) AS o`
	}
	return q
}

// EvidenceQueries are the queries of Evidence in d, made once.
func (d *Dialect) EvidenceQueries() *EvidenceQueries {
	d.evidenceOnce.Do(func() { d.evidence = newEvidenceQueries(d) })
	return d.evidence
}

// Evidence reads, per address and per asset of f, the newest sightings
// and the older ones a judgement needs (see inventory.EvidenceFilter): a
// few indexed queries each, and one more for the observations and one for
// the checks those found. The searches for a complete check's sighting,
// or a dark one's, step over the sightings of partial checks alone, which
// are few.
func (t *Tx) Evidence(ctx context.Context, f inventory.EvidenceFilter) (inventory.Evidence, error) {
	r := evidenceReader{t: t, q: t.d.EvidenceQueries(), depth: f.Depth, before: EndOfTime, checks: map[int64]checkInfo{}}
	if r.depth <= 0 {
		r.depth = inventory.DefaultEvidenceDepth
	}
	if !f.Before.IsZero() {
		r.before = Stamp(f.Before).Format(TimeLayout)
	}
	addresses := make([]string, len(f.Addresses))
	for i, a := range f.Addresses {
		addresses[i] = NormalAddress(a)
	}
	seenAddresses, err := seen[string](ctx, t, r.q.SeenAddresses, distinct(addresses))
	if err != nil {
		return inventory.Evidence{}, t.dbError("read evidence", err)
	}
	if len(seenAddresses) > 0 {
		if r.sites, err = t.sites(ctx); err != nil {
			return inventory.Evidence{}, t.dbError("read evidence", err)
		}
	}
	var atAddress map[string][]inventory.Observation
	if t.d.LateralSightings {
		atAddress, err = sightingsOfMany(ctx, &r, r.q.SightingsAtAddresses, seenAddresses, func(o *inventory.Observation) string { return o.Address })
		if err != nil {
			return inventory.Evidence{}, t.dbError("read evidence", err)
		}
	}
	for _, a := range seenAddresses {
		if err := r.address(ctx, a, atAddress[a]); err != nil {
			return inventory.Evidence{}, t.dbError("read evidence", err)
		}
	}
	seenAssets, err := r.seenAssets(ctx, distinct(f.AssetIDs))
	if err != nil {
		return inventory.Evidence{}, t.dbError("read evidence", err)
	}
	var ofAsset map[int64][]inventory.Observation
	if t.d.LateralSightings {
		ofAsset, err = sightingsOfMany(ctx, &r, r.q.SightingsOfAssets, seenAssets, func(o *inventory.Observation) int64 { return o.AssetID })
		if err != nil {
			return inventory.Evidence{}, t.dbError("read evidence", err)
		}
	}
	for _, id := range seenAssets {
		if err := r.asset(ctx, id, ofAsset[id]); err != nil {
			return inventory.Evidence{}, t.dbError("read evidence", err)
		}
	}
	ev, err := r.evidence(ctx)
	return ev, t.dbError("read evidence", err)
}

// seen keeps the keys (addresses or asset ids) that query, given them as
// a list (listArg), finds in observations, in order.
func seen[T cmp.Ordered](ctx context.Context, t *Tx, query string, keys []T) ([]T, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	list, err := listArg(t.d, keys)
	if err != nil {
		return nil, err
	}
	return sortedKeys[T](ctx, t, query, list)
}

// seenAssets keeps the ids (sorted, distinct) of the assets any check
// saw: those of the span from the first to the last when ids fill at
// least half of it, else by looking each up.
func (r *evidenceReader) seenAssets(ctx context.Context, ids []int64) ([]int64, error) {
	span, ok := spanOf(inventory.AssetFilter{IDs: ids})
	if !ok {
		return seen[int64](ctx, r.t, r.q.SeenAssets, ids)
	}
	inSpan, err := sortedKeys[int64](ctx, r.t, r.q.SeenAssetsBetween, span.first, span.last)
	if kept := span.kept(); kept != nil {
		inSpan = slices.DeleteFunc(inSpan, func(id int64) bool { return !kept(id) })
	}
	return inSpan, err
}

// sortedKeys reads the one column query selects, in order.
func sortedKeys[T cmp.Ordered](ctx context.Context, t *Tx, query string, args ...any) ([]T, error) {
	rows, err := t.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var k T
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	slices.Sort(out)
	return out, rows.Err()
}

func distinct[T cmp.Ordered](list []T) []T {
	return slices.Compact(slices.Sorted(slices.Values(list)))
}

// evidenceReader gathers the observations of one call of Evidence.
type evidenceReader struct {
	t      *Tx
	q      *EvidenceQueries
	depth  int
	before string // stored time text
	// obs are the observations read so far, a slice per query. One may be
	// read twice: at an address and of an asset, or by id after it was
	// read among the newest (newestFirst drops the second).
	obs [][]inventory.Observation
	// wanted are observations found by id alone, read at the end.
	wanted []int64
	// checks says which of the checks seen so far are partial, and their
	// sites: the newest sightings share few checks, looked up once each.
	checks map[int64]checkInfo
	// sites are the sites of all checks; when there are several, each
	// address's newest sightings from each are read too.
	sites []string
}

type checkInfo struct {
	partial bool
	site    string
}

// sites lists the sites checks ran from, the empty one included.
func (t *Tx) sites(ctx context.Context) ([]string, error) {
	rows, err := t.Query(ctx, t.d.EvidenceQueries().Sites)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// sighting is where an observation stands, what it saw and whether its
// check was partial.
type sighting struct {
	mark
	state   inventory.Liveness
	partial bool
	site    string
}

func (s sighting) definitive() bool {
	return s.state == inventory.Answered || s.state == inventory.Dark && !s.partial
}

// mark is where an observation stands in the order of evidence; id 0 is
// none.
type mark struct {
	id   int64
	seen time.Time
}

func (m mark) found() bool { return m.id != 0 }

// newerThan orders marks by seen_at, then id; any mark is newer than none.
func (m mark) newerThan(o mark) bool {
	return m.found() && (!o.found() || m.seen.After(o.seen) || m.seen.Equal(o.seen) && m.id > o.id)
}

// address reads the newest sightings at addr (obs, when read with those at
// other addresses), and where the current runs began and broke, when
// those are older.
func (r *evidenceReader) address(ctx context.Context, addr string, obs []inventory.Observation) error {
	rows, err := r.sightings(ctx, obs, r.q.SightingsAtAddress, addr)
	if err != nil {
		return err
	}
	seg := segment{rows: rows, whole: len(rows) < r.depth}
	if err := r.newestComplete(ctx, seg, r.q.NewestCompleteAtAddress, addr); err != nil {
		return err
	}
	answered, err := r.newestDefinitive(ctx, seg, addr, inventory.Answered)
	if err != nil {
		return err
	}
	dark, err := r.newestDefinitive(ctx, seg, addr, inventory.Dark)
	if err != nil {
		return err
	}
	state, newest, broke := inventory.Answered, answered, dark
	if dark.newerThan(answered) {
		state, newest, broke = inventory.Dark, dark, answered
	}
	if !newest.found() {
		return nil
	}
	r.want(newest)
	r.want(broke)
	if err := r.runStart(ctx, seg, addr, state, broke); err != nil {
		return err
	}
	return r.perSite(ctx, seg, addr)
}

// perSite reads, when checks ran from several sites, the newest sighting
// at addr from each site's complete checks and the newest definitive one
// from each site, when the segment does not hold them.
func (r *evidenceReader) perSite(ctx context.Context, seg segment, addr string) error {
	if len(r.sites) < 2 || seg.whole {
		return nil
	}
	for _, site := range r.sites {
		if _, ok := seg.newest(func(s sighting) bool { return s.site == site && !s.partial }); !ok {
			m, err := r.lookup(ctx, r.q.NewestCompleteAtSite, addr, site, r.before)
			if err != nil {
				return err
			}
			r.want(m)
		}
		if _, ok := seg.newest(func(s sighting) bool { return s.site == site && s.definitive() }); !ok {
			m, err := r.lookup(ctx, r.q.NewestDefinitiveAtSite, addr, site, r.before)
			if err != nil {
				return err
			}
			r.want(m)
		}
	}
	return nil
}

// asset reads the newest sightings of an asset, and the newest from a
// complete check when that is older.
func (r *evidenceReader) asset(ctx context.Context, id int64, obs []inventory.Observation) error {
	rows, err := r.sightings(ctx, obs, r.q.SightingsOfAsset, id)
	if err != nil {
		return err
	}
	return r.newestComplete(ctx, segment{rows: rows, whole: len(rows) < r.depth}, r.q.NewestCompleteOfAsset, id)
}

// segment is the newest sightings at an address or of an asset, newest
// first: all of them (up to Before) when whole.
type segment struct {
	rows  []sighting
	whole bool
}

// holds reports whether every sighting newer than m is in the segment:
// when it is whole, or m is at or after its oldest row.
func (s segment) holds(m mark) bool {
	return s.whole || len(s.rows) > 0 && !s.rows[len(s.rows)-1].newerThan(m)
}

// newest is the newest sighting in the segment that ok accepts; found is
// false when there is none and the segment cannot tell that there is none
// older.
func (s segment) newest(ok func(sighting) bool) (m mark, found bool) {
	if i := slices.IndexFunc(s.rows, ok); i >= 0 {
		return s.rows[i].mark, true
	}
	return mark{}, s.whole
}

func (r *evidenceReader) newestComplete(ctx context.Context, seg segment, query string, key any) error {
	if _, ok := seg.newest(func(s sighting) bool { return !s.partial }); ok {
		return nil
	}
	m, err := r.lookup(ctx, query, key, r.before)
	r.want(m)
	return err
}

func (r *evidenceReader) newestDefinitive(ctx context.Context, seg segment, addr string, state inventory.Liveness) (mark, error) {
	if m, ok := seg.newest(func(s sighting) bool { return s.state == state && s.definitive() }); ok {
		return m, nil
	}
	return r.lookup(ctx, r.q.NewestDefinitive, addr, string(state), r.before)
}

// runStart reads the oldest definitive sighting at addr in state after
// broke (or the oldest of all when broke is none): where the current run
// began.
func (r *evidenceReader) runStart(ctx context.Context, seg segment, addr string, state inventory.Liveness, broke mark) error {
	if seg.holds(broke) {
		return nil // the run is read whole: it begins among the rows
	}
	after := ""
	if broke.found() {
		after = broke.seen.Format(TimeLayout)
	}
	m, err := r.lookup(ctx, r.q.OldestDefinitiveAfter, addr, string(state), after, after, broke.id)
	r.want(m)
	return err
}

// sightingsOfMany reads the newest Depth sightings at each of keys (by a
// query of sightingsAtAddressesSQL's form) in one statement, keeping
// what it reads, by key.
func sightingsOfMany[K comparable](ctx context.Context, r *evidenceReader, query string, keys []K,
	key func(*inventory.Observation) K) (map[K][]inventory.Observation, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	all, err := r.read(ctx, query, keys, r.before, r.depth)
	if err != nil {
		return nil, err
	}
	out := make(map[K][]inventory.Observation, len(keys))
	for i := range all {
		k := key(&all[i])
		out[k] = append(out[k], all[i])
	}
	// Each key's newest first: the statement orders within a key, not
	// the rows it joins.
	for _, obs := range out {
		slices.SortFunc(obs, func(a, b inventory.Observation) int {
			return cmp.Or(b.SeenAt.Compare(a.SeenAt), cmp.Compare(b.ID, a.ID))
		})
	}
	return out, nil
}

// sightings is what the newest sightings at an address or of an asset
// (key) saw: obs, read with those of other keys under
// Dialect.LateralSightings, else read now by query.
func (r *evidenceReader) sightings(ctx context.Context, obs []inventory.Observation, query string, key any) ([]sighting, error) {
	if !r.t.d.LateralSightings {
		var err error
		if obs, err = r.read(ctx, query, key, r.before, r.depth); err != nil {
			return nil, err
		}
	}
	return r.sightingsOf(ctx, obs)
}

// sightingsOf is what the observations, newest first, saw, and whether
// their checks were partial.
func (r *evidenceReader) sightingsOf(ctx context.Context, obs []inventory.Observation) ([]sighting, error) {
	out := make([]sighting, len(obs))
	for i, o := range obs {
		c, err := r.check(ctx, o.CheckID)
		if err != nil {
			return nil, err
		}
		out[i] = sighting{mark{o.ID, o.SeenAt}, o.State, c.partial, c.site}
	}
	return out, nil
}

// read runs a query of at most limit rows of ObservationColumns, keeping
// and returning what it reads.
func (r *evidenceReader) read(ctx context.Context, query string, args ...any) ([]inventory.Observation, error) {
	rows, err := r.t.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// No room is made ahead: most addresses have far fewer sightings than
	// a filter's Depth, and many none.
	var obs []inventory.Observation
	for rows.Next() {
		o, err := ScanObservation(rows)
		if err != nil {
			return nil, err
		}
		obs = append(obs, o)
	}
	if len(obs) > 0 {
		r.obs = append(r.obs, obs)
	}
	return obs, rows.Err()
}

func (r *evidenceReader) check(ctx context.Context, checkID int64) (checkInfo, error) {
	c, known := r.checks[checkID]
	if !known {
		if err := r.t.QueryRow(ctx, r.q.CheckPartial, checkID).Scan(&c.partial, &c.site); err != nil {
			return checkInfo{}, err
		}
		r.checks[checkID] = c
	}
	return c, nil
}

// lookup runs a query for one observation's id and seen_at.
func (r *evidenceReader) lookup(ctx context.Context, query string, args ...any) (mark, error) {
	var m mark
	var seen sql.NullString
	err := r.t.QueryRow(ctx, query, args...).Scan(&m.id, &seen)
	if err == sql.ErrNoRows {
		return mark{}, nil
	}
	if err != nil {
		return mark{}, err
	}
	m.seen, err = parseTime("seen_at", seen)
	return m, err
}

func (r *evidenceReader) want(m mark) {
	if m.found() {
		r.wanted = append(r.wanted, m.id)
	}
}

// evidence reads the wanted observations and the checks of all, and puts
// them in order.
func (r *evidenceReader) evidence(ctx context.Context) (inventory.Evidence, error) {
	if err := r.readWanted(ctx); err != nil {
		return inventory.Evidence{}, err
	}
	if len(r.obs) == 0 {
		return inventory.Evidence{}, nil
	}
	ev := inventory.Evidence{Observations: newestFirst(r.obs)}
	checkIDs := make([]int64, len(ev.Observations))
	for i, o := range ev.Observations {
		checkIDs[i] = o.CheckID
	}
	list, err := listArg(r.t.d, distinct(checkIDs))
	if err != nil {
		return inventory.Evidence{}, err
	}
	ev.Checks, err = r.t.ReadChecks(ctx, r.q.ChecksByID, list)
	return ev, err
}

// newestFirst puts the observations of all slices in one, by seen_at, then
// id, newest first, each once. It sorts pointers to them: moving them
// would cost more than comparing them.
func newestFirst(parts [][]inventory.Observation) []inventory.Observation {
	var all []*inventory.Observation
	for _, obs := range parts {
		for i := range obs {
			all = append(all, &obs[i])
		}
	}
	slices.SortFunc(all, func(a, b *inventory.Observation) int {
		return cmp.Or(b.SeenAt.Compare(a.SeenAt), cmp.Compare(b.ID, a.ID))
	})
	out := make([]inventory.Observation, 0, len(all))
	for _, o := range all {
		if n := len(out); n == 0 || out[n-1].ID != o.ID {
			out = append(out, *o)
		}
	}
	return out
}

func (r *evidenceReader) readWanted(ctx context.Context) error {
	if len(r.wanted) == 0 {
		return nil
	}
	ids := distinct(r.wanted)
	list, err := listArg(r.t.d, ids)
	if err != nil {
		return err
	}
	_, err = r.read(ctx, r.q.ObservationsByID, list)
	return err
}

// UnmatchedSQL skips through the index of unmatched answers from one
// address to the next, reading one entry for each address.
const UnmatchedSQL = `WITH RECURSIVE unmatched (address) AS (
		SELECT min(address) FROM observations WHERE asset_id IS NULL AND state = 'answered'
		UNION ALL
		SELECT (SELECT min(address) FROM observations WHERE asset_id IS NULL AND state = 'answered' AND address > unmatched.address)
		FROM unmatched WHERE unmatched.address IS NOT NULL)
	SELECT address FROM unmatched WHERE address IS NOT NULL`

// UnmatchedAddresses lists the addresses where a device answered that
// matched no asset, in IP order.
func (t *Tx) UnmatchedAddresses(ctx context.Context) ([]string, error) {
	rows, err := t.Query(ctx, UnmatchedSQL)
	if err != nil {
		return nil, t.dbError("list unmatched addresses", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, t.dbError("list unmatched addresses", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, t.dbError("list unmatched addresses", err)
	}
	return inIPOrder(out), nil
}

// inIPOrder sorts addresses numerically, IPv4 before IPv6. Every stored
// address parses: SaveCheck normalises them.
func inIPOrder(addrs []string) []string {
	ips := make([]netip.Addr, len(addrs))
	for i, a := range addrs {
		ips[i], _ = netip.ParseAddr(a)
	}
	slices.SortFunc(ips, netip.Addr.Compare)
	for i, ip := range ips {
		addrs[i] = ip.String()
	}
	return addrs
}
