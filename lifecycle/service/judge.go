package service

import (
	"cmp"
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// Judgement is what lifecycle says of the whole inventory.
type Judgement struct {
	// Findings, worst first, then by asset.
	Findings []lifecycle.Finding
	// Reminders due within the window asked for, and everything overdue.
	Reminders []lifecycle.Reminder
	// Unknowns are the unknown devices among the findings, worst first,
	// then by address, with what a check saw of each (to adopt it from).
	Unknowns []Unknown
	// Acknowledged are the findings an acknowledgement hides, left out of
	// Findings and Unknowns.
	Acknowledged []lifecycle.Finding
}

// Unknown is an unknown device: its finding and the observation it came
// from.
type Unknown struct {
	Finding     lifecycle.Finding
	Observation inventory.Observation
}

// chunkAssets is how many assets are read and judged at once: lifecycle
// copies what it is given, so a large inventory is judged a part at a
// time, never held whole.
const chunkAssets = 2000

// Judging says what a walk over the inventory works out.
type Judging struct {
	Findings  bool
	Reminders bool
	// Within is the reminders' window: what falls due in it, and
	// everything overdue.
	Within inventory.Duration
	// Report adds the stage counts, the guard overrides and the audit
	// packs of the assets at the end of their life.
	Report bool
	// Notices adds who owns what and the sent-log, for notify.
	Notices bool
}

// Part is what lifecycle says of one chunk of the inventory, or, last, of
// the unknown devices.
type Part struct {
	// Assets are the chunk's assets, as judged: for a front end that
	// lists them as it judges them. The last part, of the unknown
	// devices, has none.
	Assets    []inventory.Asset
	Findings  []lifecycle.Finding
	Reminders []lifecycle.Reminder
	Unknowns  []Unknown
	// Acknowledged are the findings an acknowledgement hides: they are
	// in neither Findings nor Unknowns.
	Acknowledged []lifecycle.Finding
	// With Judging.Report.
	Stages map[inventory.Stage]int
	// Accepted are the Acknowledged findings with the acknowledgements
	// that hide them.
	Accepted  []lifecycle.AcceptedRisk
	Overrides []lifecycle.AssetOverride
	Audits    []lifecycle.AuditPack
	// With Judging.Notices.
	Notices Notices
}

// Each walks the whole inventory in one consistent read, a chunk of
// assets at a time, and hands emit what lifecycle says of each chunk, in
// no particular order; the unknown devices come last. It never holds more
// of the inventory than a chunk, so that what judges a million assets can
// write them out as they come.
func (s *Service) Each(ctx context.Context, what Judging, emit func(Part) error) error {
	if sv, ok := s.store.(inventory.SplitViewer); ok {
		return sv.SplitView(ctx, runtime.NumCPU(), func(views []inventory.Reader) error {
			return s.walk(ctx, views, what, emit)
		})
	}
	return s.store.View(ctx, func(r inventory.Reader) error {
		return s.walk(ctx, []inventory.Reader{r}, what, emit)
	})
}

// Judge derives the findings, and the reminders due within the window,
// of the whole inventory in one consistent read.
func (s *Service) Judge(ctx context.Context, within inventory.Duration) (Judgement, error) {
	var j Judgement
	err := s.Each(ctx, Judging{Findings: true, Reminders: true, Within: within}, j.add)
	j.sort()
	return j, err
}

// Findings are the findings about the whole inventory, worst first.
func (s *Service) Findings(ctx context.Context) ([]lifecycle.Finding, error) {
	var j Judgement
	err := s.Each(ctx, Judging{Findings: true}, j.add)
	j.sort()
	return j.Findings, err
}

// Unknowns are the unknown devices, worst first, then by address.
func (s *Service) Unknowns(ctx context.Context) ([]Unknown, error) {
	var j Judgement
	err := s.Each(ctx, Judging{Findings: true}, j.add)
	j.sort()
	return j.Unknowns, err
}

// Due lists what falls due within the window, and everything overdue, by
// date.
func (s *Service) Due(ctx context.Context, within inventory.Duration) ([]lifecycle.Reminder, error) {
	var j Judgement
	err := s.Each(ctx, Judging{Reminders: true, Within: within}, j.add)
	j.sort()
	return j.Reminders, err
}

// Report is the end-of-life audit report: the summary, with reminders due
// within the window, and an audit pack per asset at the end of its life.
func (s *Service) Report(ctx context.Context, within inventory.Duration) (lifecycle.Report, error) {
	if within <= 0 {
		within = lifecycle.DefaultReportWindow
	}
	var j Judgement
	stages := map[inventory.Stage]int{}
	var overrides []lifecycle.AssetOverride
	var audits []lifecycle.AuditPack
	var accepted []lifecycle.AcceptedRisk
	err := s.Each(ctx, Judging{Findings: true, Reminders: true, Within: within, Report: true}, func(p Part) error {
		for st, n := range p.Stages {
			stages[st] += n
		}
		overrides = append(overrides, p.Overrides...)
		accepted = append(accepted, p.Accepted...)
		audits = append(audits, p.Audits...)
		return j.add(p)
	})
	j.sort()
	slices.SortStableFunc(audits, func(a, b lifecycle.AuditPack) int { return cmp.Compare(a.Asset.Ref(), b.Asset.Ref()) })
	slices.SortStableFunc(accepted, func(a, b lifecycle.AcceptedRisk) int { return lifecycle.CompareFindings(a.Finding, b.Finding) })
	sum := lifecycle.NewSummary(s.now(), within, stages, j.Findings, j.Reminders, overrides)
	sum.Accepted = accepted
	return lifecycle.Report{Schema: lifecycle.ReportSchema, Audits: audits, Summary: sum}, err
}

func (j *Judgement) add(p Part) error {
	j.Findings = append(j.Findings, p.Findings...)
	j.Reminders = append(j.Reminders, p.Reminders...)
	j.Unknowns = append(j.Unknowns, p.Unknowns...)
	j.Acknowledged = append(j.Acknowledged, p.Acknowledged...)
	return nil
}

// sort puts each list in the order it is shown in.
func (j *Judgement) sort() {
	lifecycle.SortFindings(j.Findings)
	lifecycle.SortFindings(j.Acknowledged)
	lifecycle.SortReminders(j.Reminders)
	slices.SortStableFunc(j.Unknowns, func(a, b Unknown) int {
		return cmp.Compare(b.Finding.Severity.Rank(), a.Finding.Severity.Rank())
	})
}

// walk judges the inventory a chunk of assets at a time, then the
// addresses no asset has for unknown devices.
func (s *Service) walk(ctx context.Context, views []inventory.Reader, what Judging, emit func(Part) error) error {
	r := views[0]
	now := s.now()
	policy, err := r.Policy(ctx)
	if err != nil {
		return err
	}
	mappings, err := r.Mappings(ctx, inventory.MappingFilter{})
	if err != nil {
		return err
	}
	var acks lifecycle.Acks
	if what.Findings || what.Report {
		all, err := r.Acknowledgements(ctx)
		if err != nil {
			return err
		}
		acks = lifecycle.NewAcks(all)
	}
	byAsset := map[int64][]inventory.PortMapping{}
	for _, m := range mappings {
		byAsset[m.AssetID] = append(byAsset[m.AssetID], m)
	}
	// A goroutine per view reads chunks while this one judges them:
	// reading takes most of the time. They take the ranges of ids in turn
	// (idRanges). The first to fail stops the others.
	loadCtx, stop := context.WithCancel(ctx)
	defer stop()
	loaded := make(chan chunk, len(views))
	var loadErr error
	var failed sync.Once
	var loaders sync.WaitGroup
	ranges := idRanges{width: chunkAssets}
	for _, view := range views {
		loaders.Add(1)
		go func() {
			defer loaders.Done()
			err := ranges.each(loadCtx, view, func(assets []inventory.Asset) error {
				c, err := s.load(loadCtx, view, what, assets, byAsset)
				if err != nil {
					return err
				}
				select {
				case loaded <- c:
					return nil
				case <-loadCtx.Done():
					return loadCtx.Err()
				}
			})
			if err != nil {
				failed.Do(func() { loadErr = err; stop() })
			}
		}()
	}
	go func() {
		loaders.Wait()
		close(loaded)
	}()
	for c := range loaded {
		part := judge(what, c, policy, acks, now)
		if err = emit(part); err != nil {
			stop()
			for range loaded {
			}
			return err
		}
	}
	err = loadErr
	if err != nil || !what.Findings {
		return err
	}
	dismissals, err := r.Dismissals(ctx)
	if err != nil {
		return err
	}
	unknowns, err := unknownDevices(ctx, r, mappings, dismissals, policy, now)
	if err != nil {
		return err
	}
	var part Part
	if what.Notices {
		if part.Notices, err = noticesOf(ctx, r, nil, nil); err != nil {
			return err
		}
	}
	for _, u := range unknowns {
		if acks.Hides(u.Finding, now) {
			part.Acknowledged = append(part.Acknowledged, u.Finding)
			continue
		}
		part.Unknowns = append(part.Unknowns, u)
		part.Findings = append(part.Findings, u.Finding)
	}
	if what.Report {
		part.Accepted = acks.Accepted(part.Acknowledged)
	}
	return emit(part)
}

// chunk is one part of the inventory, with all that judging it reads.
type chunk struct {
	assets     []inventory.Asset
	mappings   []inventory.PortMapping
	checklists map[int64][]inventory.ChecklistItem
	// evidence is read for findings and for the report.
	evidence lifecycle.Evidence
	// With the report: each asset's histories, sanitization record, and
	// part of the evidence, reaching back to its retirement when today's
	// may have left that out.
	histories     map[int64][]inventory.Event
	sanitizations map[int64]inventory.Sanitization
	evidenceOf    map[int64]lifecycle.Evidence
	// With Judging.Notices.
	notices Notices
}

// load reads what judging some assets needs.
func (s *Service) load(ctx context.Context, r inventory.Reader, what Judging, assets []inventory.Asset,
	mappings map[int64][]inventory.PortMapping) (chunk, error) {
	c := chunk{assets: assets}
	for _, a := range assets {
		c.mappings = append(c.mappings, mappings[a.ID]...)
	}
	filter := inventory.AssetFilter{IDs: idsOf(assets)}
	var err error
	if c.checklists, err = r.Checklists(ctx, filter); err != nil {
		return c, err
	}
	if what.Findings || what.Report {
		if c.evidence, err = evidenceAbout(ctx, r, assets, c.mappings, time.Time{}); err != nil {
			return c, err
		}
	}
	if what.Notices {
		if c.notices, err = noticesOf(ctx, r, assets, c.mappings); err != nil {
			return c, err
		}
	}
	if !what.Report {
		return c, nil
	}
	if c.histories, err = r.Histories(ctx, filter); err != nil {
		return c, err
	}
	if c.sanitizations, err = r.Sanitizations(ctx, filter); err != nil {
		return c, err
	}
	c.evidenceOf = c.evidence.ByAsset(assets, c.mappings)
	for _, a := range assets {
		if !lifecycle.Audited(a.Stage) {
			continue
		}
		// The proof that retired it may lie deeper than today's evidence.
		at, ok := lifecycle.RetiredAt(a, lifecycle.StageHistory(c.histories[a.ID]))
		if !ok || wholeHistory(a, c.evidenceOf[a.ID]) {
			continue
		}
		then, err := evidenceAbout(ctx, r, []inventory.Asset{a}, nil, at)
		if err != nil {
			return c, err
		}
		c.evidenceOf[a.ID] = merged(c.evidenceOf[a.ID], then)
	}
	return c, nil
}

// judge says what lifecycle says of a chunk read by load.
func judge(what Judging, c chunk, policy inventory.Policy, acks lifecycle.Acks, now time.Time) Part {
	part := Part{Assets: c.assets, Notices: c.notices}
	in := lifecycle.FindingInput{Assets: c.assets, Mappings: c.mappings, Checklists: c.checklists, Evidence: c.evidence}
	if what.Findings || what.Report {
		// What an acknowledgement hides is out of the findings before
		// anything reads them, the audit packs too.
		part.Findings, part.Acknowledged = acks.Split(lifecycle.AssetFindings(in, policy, now), now)
	}
	if what.Report {
		part.Accepted = acks.Accepted(part.Acknowledged)
	}
	if what.Reminders {
		part.Reminders = lifecycle.Reminders(lifecycle.ReminderInput{Assets: c.assets,
			Mappings: c.mappings, Checklists: c.checklists}, policy, now, what.Within)
	}
	if what.Report {
		reportOn(c, &part)
	}
	return part
}

// reportOn adds a chunk's part of the report: its stage counts, its guard
// overrides and the audit packs of its assets at the end of their life.
func reportOn(c chunk, part *Part) {
	findings := map[int64][]lifecycle.Finding{}
	for _, f := range part.Findings {
		findings[f.AssetID] = append(findings[f.AssetID], f)
	}
	part.Stages = map[inventory.Stage]int{}
	for _, a := range c.assets {
		part.Stages[a.Stage]++
		part.Overrides = append(part.Overrides, lifecycle.AssetOverrides(a, c.histories[a.ID])...)
		if !lifecycle.Audited(a.Stage) {
			continue
		}
		pack := lifecycle.AuditInput{Asset: a, History: c.histories[a.ID], Checklist: c.checklists[a.ID],
			Mappings: c.mappings, Evidence: c.evidenceOf[a.ID], Findings: findings[a.ID]}
		if rec, ok := c.sanitizations[a.ID]; ok {
			pack.Sanitization = &rec
		}
		part.Audits = append(part.Audits, lifecycle.BuildAuditPack(pack))
	}
}

// wholeHistory tells whether evidence holds every sighting of a: fewer
// than the store's depth at each of its addresses and for the asset
// itself means none was left out, so no deeper read can find more.
func wholeHistory(a inventory.Asset, ev lifecycle.Evidence) bool {
	atAddress := map[string]int{}
	mine := 0
	for _, o := range ev.Observations {
		atAddress[o.Address]++
		if o.AssetID == a.ID {
			mine++
		}
	}
	if mine >= inventory.DefaultEvidenceDepth {
		return false
	}
	for _, ip := range a.IPs() {
		if atAddress[ip] >= inventory.DefaultEvidenceDepth {
			return false
		}
	}
	return true
}

// unknownDevices judges the addresses at which a device no asset matched
// answered, leaving out those an asset has now, or a mapping.
func unknownDevices(ctx context.Context, r inventory.Reader, mappings []inventory.PortMapping, dismissals []inventory.Dismissal,
	p inventory.Policy, now time.Time) ([]Unknown, error) {
	addrs, err := r.UnmatchedAddresses(ctx)
	if err != nil {
		return nil, err
	}
	mapped := map[string]bool{}
	for _, m := range mappings {
		mapped[m.ExternalAddr] = true
	}
	var out []Unknown
	for len(addrs) > 0 {
		n := min(len(addrs), chunkAssets)
		known, err := knownAddresses(ctx, r, addrs[:n], mapped)
		if err != nil {
			return nil, err
		}
		batch := slices.DeleteFunc(slices.Clone(addrs[:n]), known)
		addrs = addrs[n:]
		if len(batch) == 0 {
			continue
		}
		ev, err := evidenceAt(ctx, r, batch)
		if err != nil {
			return nil, err
		}
		for _, f := range lifecycle.UnknownFindings(lifecycle.UnknownInput{Evidence: ev, Dismissals: dismissals, Known: known}, p, now) {
			out = append(out, Unknown{Finding: f, Observation: observationOf(f, ev)})
		}
	}
	return out, nil
}

// knownAddresses tells which of addrs an asset has as an IP, or a mapping
// as its external address.
func knownAddresses(ctx context.Context, r inventory.Reader, addrs []string, mapped map[string]bool) (func(string) bool, error) {
	assets, err := r.AssetsByKeys(ctx, inventory.AssetKeys{IPs: addrs})
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, a := range assets {
		for _, ip := range a.IPs() {
			known[ip] = true
		}
	}
	return func(addr string) bool { return known[addr] || mapped[addr] }, nil
}

// observationOf finds the observation an unknown-device finding came from.
func observationOf(f lifecycle.Finding, ev lifecycle.Evidence) inventory.Observation {
	for _, o := range ev.Observations {
		if o.CheckID == f.CheckID && o.Address == f.Address && o.AssetID == 0 {
			return o
		}
	}
	return inventory.Observation{CheckID: f.CheckID, Address: f.Address, MAC: f.MAC, Ports: f.Ports, State: inventory.Answered}
}

// idRanges hands the inventory out to the loaders of a walk a range of
// ids at a time, in turn: where the assets of one range take longer to
// read (much evidence, long histories), the other loaders go on with the
// next ranges rather than wait for it. A range is width ids wide, so it
// holds at most width assets.
type idRanges struct {
	width int64
	// next is where the next range begins: the ids above it are not
	// handed out yet.
	next atomic.Int64
}

// each reads through r the assets of each range it takes and hands fn
// those of each range that has any, until no asset is left above the
// ranges taken. It ends when ctx is cancelled.
func (rs *idRanges) each(ctx context.Context, r inventory.Reader, fn func([]inventory.Asset) error) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		after, last, ok := rs.take()
		if !ok {
			return nil
		}
		assets, err := r.AssetsAfter(ctx, inventory.AssetFilter{MaxID: last}, after, int(rs.width))
		if err != nil {
			return err
		}
		if len(assets) > 0 {
			if err := fn(assets); err != nil {
				return err
			}
			continue
		}
		// None: the end, or a gap in the ids to skip.
		beyond, err := r.AssetsAfter(ctx, inventory.AssetFilter{}, last, 1)
		if err != nil || len(beyond) == 0 {
			return err
		}
		rs.skipTo(beyond[0].ID)
	}
}

// take takes the next range: the ids above after, up to and including
// last. There is none left once the ranges reach the largest id.
func (rs *idRanges) take() (after, last int64, ok bool) {
	for {
		after = rs.next.Load()
		if after == math.MaxInt64 {
			return 0, 0, false
		}
		last = after + min(rs.width, math.MaxInt64-after)
		if rs.next.CompareAndSwap(after, last) {
			return after, last, true
		}
	}
}

// skipTo makes the range that holds id the next one taken, unless a
// range at or after it was taken already. No asset lies between.
func (rs *idRanges) skipTo(id int64) {
	start := (id - 1) / rs.width * rs.width
	for {
		next := rs.next.Load()
		if next >= start || rs.next.CompareAndSwap(next, start) {
			return
		}
	}
}

func idsOf(assets []inventory.Asset) []int64 {
	ids := make([]int64, len(assets))
	for i, a := range assets {
		ids[i] = a.ID
	}
	return ids
}

// LatestCheck is the check recorded last and what it saw of each asset it
// matched (lifecycle.SeenIn); ok is false when no check was recorded.
func (s *Service) LatestCheck(ctx context.Context) (c inventory.Check, seen map[int64]inventory.Liveness, ok bool, err error) {
	err = s.store.View(ctx, func(r inventory.Reader) error {
		checks, err := r.Checks(ctx, 1)
		if err != nil || len(checks) == 0 {
			return err
		}
		c, ok = checks[0], true
		obs, err := r.Observations(ctx, inventory.ObservationFilter{CheckID: c.ID})
		seen = lifecycle.SeenIn(c, obs)
		return err
	})
	return c, seen, ok, err
}
