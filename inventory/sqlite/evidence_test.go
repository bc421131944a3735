package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

// TestEvidenceQueriesUseIndexes asks SQLite how it runs the queries of
// Evidence, UnmatchedAddresses and Checks: each searches the index it is
// written for, looks checks up by id, and never scans observations or
// sorts (but for the few checks Evidence found).
func TestEvidenceQueriesUseIndexes(t *testing.T) {
	s := openTest(t)
	const byCheckID = `SEARCH c USING INTEGER PRIMARY KEY`
	for _, q := range []struct {
		query string
		want  []string
		sorts bool
	}{
		{dialect.EvidenceQueries().SightingsAtAddress, []string{`SEARCH observations USING INDEX observations_address \(address=\? AND seen_at<\?\)`}, false},
		{dialect.EvidenceQueries().SightingsOfAsset, []string{`SEARCH observations USING INDEX observations_asset \(asset_id=\? AND seen_at<\?\)`}, false},
		{dialect.EvidenceQueries().CheckPartial, []string{`SEARCH checks USING INTEGER PRIMARY KEY`}, false},
		{dialect.EvidenceQueries().NewestCompleteAtAddress, []string{`SEARCH o USING INDEX observations_address \(address=\? AND seen_at<\?\)`, byCheckID}, false},
		{dialect.EvidenceQueries().NewestCompleteOfAsset, []string{`SEARCH o USING INDEX observations_asset \(asset_id=\? AND seen_at<\?\)`, byCheckID}, false},
		{dialect.EvidenceQueries().NewestDefinitive,
			[]string{`SEARCH o USING INDEX observations_address_state \(address=\? AND state=\? AND seen_at<\?\)`, byCheckID}, false},
		{dialect.EvidenceQueries().OldestDefinitiveAfter,
			[]string{`SEARCH o USING INDEX observations_address_state \(address=\? AND state=\? AND seen_at>\?\)`, byCheckID}, false},
		{dialect.EvidenceQueries().NewestCompleteAtSite,
			[]string{`SEARCH o USING INDEX observations_address_site \(address=\? AND site=\? AND seen_at<\?\)`, byCheckID}, false},
		{dialect.EvidenceQueries().NewestDefinitiveAtSite,
			[]string{`SEARCH o USING INDEX observations_address_site \(address=\? AND site=\? AND seen_at<\?\)`, byCheckID}, false},
		{dialect.EvidenceQueries().Sites, []string{`SEARCH checks USING COVERING INDEX checks_site \(site>\?\)`}, false},
		{dialect.EvidenceQueries().ObservationsByID, []string{`SEARCH observations USING INTEGER PRIMARY KEY`}, false},
		{dialect.EvidenceQueries().SeenAddresses, []string{`SEARCH observations USING (COVERING )?INDEX observations_address(_state)? \(address=\?\)`}, true},
		{dialect.EvidenceQueries().SeenAssets, []string{`SEARCH observations USING (COVERING )?INDEX observations_asset \(asset_id=\?\)`}, true},
		{dialect.EvidenceQueries().SeenAssetsBetween,
			[]string{`SEARCH observations USING (COVERING )?INDEX observations_asset \(asset_id>\? AND asset_id<\?\)`}, false},
		{dialect.EvidenceQueries().ChecksByID, []string{`SEARCH checks USING INTEGER PRIMARY KEY`}, true},
		{sqlstore.UnmatchedSQL, []string{`SEARCH observations USING (COVERING )?INDEX observations_unmatched \(address>\?\)`}, false},
		{`SELECT ` + sqlstore.CheckColumns + ` FROM checks ORDER BY recorded_at DESC, id DESC LIMIT ?`,
			[]string{`^0:SCAN checks USING INDEX checks_recorded$`}, false},
	} {
		args := make([]any, strings.Count(q.query, "?"))
		for i := range args {
			args[i] = "x"
		}
		plan := queryPlan(t, s, q.query, args...)
		p := strings.Join(plan, "; ")
		for _, want := range q.want {
			if !slices.ContainsFunc(plan, regexp.MustCompile(want).MatchString) {
				t.Errorf("%s\n  plan: %s\n  want a step %s", q.query, p, want)
			}
		}
		for _, step := range plan {
			if regexp.MustCompile(`SCAN (observations|o)\b`).MatchString(step) || !q.sorts && strings.Contains(step, "TEMP B-TREE") {
				t.Errorf("%s\n  plan: %s\n  scans observations or sorts", q.query, p)
			}
		}
	}
}

// evidenceInOneStatement is Evidence as one statement over json_each with
// correlated LIMIT subqueries, kept to compare with Evidence's queries
// per address in BenchmarkEvidence (which Evidence won; see there).
const evidenceInOneStatement = `WITH addrs (address) AS (SELECT DISTINCT value FROM json_each(?1)),
	ids (id) AS (SELECT DISTINCT value FROM json_each(?4)),
	newest (address, answered, dark) AS (
		SELECT address,
			(SELECT o.id FROM observations o CROSS JOIN checks c ON c.id = o.check_id
				WHERE o.address = addrs.address AND o.state = 'answered' AND o.seen_at <= ?2
				ORDER BY o.seen_at DESC, o.id DESC LIMIT 1),
			(SELECT o.id FROM observations o CROSS JOIN checks c ON c.id = o.check_id
				WHERE o.address = addrs.address AND o.state = 'dark' AND o.seen_at <= ?2 AND NOT c.partial
				ORDER BY o.seen_at DESC, o.id DESC LIMIT 1)
		FROM addrs),
	runs (address, state, broke_seen, broke_id) AS (
		SELECT address, CASE WHEN dark_newer THEN 'dark' ELSE 'answered' END,
			CASE WHEN dark_newer THEN a_seen ELSE d_seen END, CASE WHEN dark_newer THEN a_id ELSE d_id END
		FROM (SELECT n.address, a.seen_at AS a_seen, a.id AS a_id, d.seen_at AS d_seen, d.id AS d_id,
				d.id IS NOT NULL AND (a.id IS NULL OR d.seen_at > a.seen_at OR d.seen_at = a.seen_at AND d.id > a.id) AS dark_newer
			FROM newest n LEFT JOIN observations a ON a.id = n.answered LEFT JOIN observations d ON d.id = n.dark
			WHERE n.answered IS NOT NULL OR n.dark IS NOT NULL)),
	wanted (id) AS (
		SELECT o.id FROM addrs, observations o WHERE o.id IN (SELECT id FROM observations
			WHERE address = addrs.address AND seen_at <= ?2 ORDER BY seen_at DESC, id DESC LIMIT ?3)
		UNION SELECT (SELECT o.id FROM observations o CROSS JOIN checks c ON c.id = o.check_id
			WHERE o.address = addrs.address AND o.seen_at <= ?2 AND NOT c.partial ORDER BY o.seen_at DESC, o.id DESC LIMIT 1) FROM addrs
		UNION SELECT answered FROM newest
		UNION SELECT dark FROM newest
		UNION SELECT (SELECT o.id FROM observations o CROSS JOIN checks c ON c.id = o.check_id
			WHERE o.address = runs.address AND o.state = runs.state AND o.seen_at >= coalesce(runs.broke_seen, '')
			AND (o.seen_at > coalesce(runs.broke_seen, '') OR o.id > coalesce(runs.broke_id, 0))
			AND (o.state = 'answered' OR NOT c.partial) ORDER BY o.seen_at, o.id LIMIT 1) FROM runs
		UNION SELECT o.id FROM ids, observations o WHERE o.id IN (SELECT id FROM observations
			WHERE asset_id = ids.id AND seen_at <= ?2 ORDER BY seen_at DESC, id DESC LIMIT ?3)
		UNION SELECT (SELECT o.id FROM observations o CROSS JOIN checks c ON c.id = o.check_id
			WHERE o.asset_id = ids.id AND o.seen_at <= ?2 AND NOT c.partial ORDER BY o.seen_at DESC, o.id DESC LIMIT 1) FROM ids)
	SELECT ` + sqlstore.ObservationColumns + ` FROM observations WHERE id IN (SELECT id FROM wanted) ORDER BY seen_at DESC, id DESC`

// evidenceOneStatement reads Evidence with evidenceInOneStatement.
func (t *txn) evidenceOneStatement(ctx context.Context, f inventory.EvidenceFilter) (inventory.Evidence, error) {
	depth := f.Depth
	if depth <= 0 {
		depth = inventory.DefaultEvidenceDepth
	}
	before := sqlstore.EndOfTime
	if !f.Before.IsZero() {
		before = sqlstore.Stamp(f.Before).Format(sqlstore.TimeLayout)
	}
	addresses := make([]string, len(f.Addresses))
	for i, a := range f.Addresses {
		addresses[i] = sqlstore.NormalAddress(a)
	}
	addrList, err := sqlstore.JSONText(addresses)
	if err != nil {
		return inventory.Evidence{}, err
	}
	idList, err := sqlstore.JSONText(f.AssetIDs)
	if err != nil {
		return inventory.Evidence{}, err
	}
	rows, err := t.Query(ctx, evidenceInOneStatement, addrList, before, depth, idList)
	if err != nil {
		return inventory.Evidence{}, err
	}
	defer rows.Close()
	var ev inventory.Evidence
	var checkIDs []int64
	for rows.Next() {
		o, err := sqlstore.ScanObservation(rows)
		if err != nil {
			return inventory.Evidence{}, err
		}
		ev.Observations = append(ev.Observations, o)
		checkIDs = append(checkIDs, o.CheckID)
	}
	if err := rows.Err(); err != nil || len(ev.Observations) == 0 {
		return inventory.Evidence{}, err
	}
	slices.Sort(checkIDs)
	list, err := sqlstore.JSONText(slices.Compact(checkIDs))
	if err != nil {
		return inventory.Evidence{}, err
	}
	ev.Checks, err = t.ReadChecks(ctx, dialect.EvidenceQueries().ChecksByID, list)
	return ev, err
}

// evidenceStore makes a store of the benchmark's size: addresses devices,
// each matched to an asset of its own and seen by each of checks checks,
// answering in runs broken by dark results and the odd unknown, with
// every eighth check partial.
func evidenceStore(tb testing.TB, addresses, checks int) (*Store, []string, []int64) {
	tb.Helper()
	var minutes atomic.Int64
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return start.Add(time.Duration(minutes.Add(1)) * time.Minute) }
	s, err := Open(filepath.Join(tb.TempDir(), "evidence.db"), Options{Actor: "bench", Now: clock})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	ctx := context.Background()
	addrs := make([]string, addresses)
	ids := make([]int64, addresses)
	err = s.Update(ctx, func(w inventory.Writer) error {
		as := make([]*inventory.Asset, addresses)
		for k := range as {
			addrs[k] = fmt.Sprintf("127.%d.%d.%d", k>>16&255, k>>8&255, k&255)
			as[k] = &inventory.Asset{Tag: fmt.Sprintf("E-%05d", k), Addresses: []inventory.Address{{Kind: inventory.AddrIP, Value: addrs[k]}}}
		}
		if err := w.CreateAssets(ctx, as, make([]string, addresses)); err != nil {
			return err
		}
		for k, a := range as {
			ids[k] = a.ID
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	for i := range checks {
		obs := make([]inventory.Observation, addresses)
		for k := range obs {
			state := inventory.Answered
			switch {
			case (i*7+k)%13 == 0:
				state = inventory.Unknown
			case (i+k)%10 >= 7:
				state = inventory.Dark
			}
			obs[k] = inventory.Observation{AssetID: ids[k], Address: addrs[k], State: state, Reason: "syn-ack",
				Ports: []inventory.Port{{Number: 22, Protocol: "tcp", State: "open"}}}
		}
		c := inventory.Check{Source: "live", Partial: i%8 == 7, Targets: []string{"127.0.0.0/8"}}
		if err := s.Update(ctx, func(w inventory.Writer) error { return w.SaveCheck(ctx, &c, obs) }); err != nil {
			tb.Fatal(err)
		}
	}
	return s, addrs, ids
}

// TestEvidenceInOneStatementAgrees: the statement the benchmark compares
// Evidence with reads the same evidence, so that the comparison is fair.
func TestEvidenceInOneStatementAgrees(t *testing.T) {
	s, addrs, ids := evidenceStore(t, 40, 30)
	ctx := context.Background()
	before := time.Date(2026, 12, 1, 0, 20, 0, 0, time.UTC)
	for _, f := range []inventory.EvidenceFilter{
		{Addresses: addrs, Depth: 4},
		{Addresses: addrs[:7], AssetIDs: ids[5:9], Depth: 2, Before: before},
		{AssetIDs: ids, Depth: 1},
		{Addresses: addrs},
	} {
		err := s.view(ctx, func(t2 *txn) error {
			want, err := t2.Evidence(ctx, f)
			if err != nil {
				return err
			}
			got, err := t2.evidenceOneStatement(ctx, f)
			if err != nil {
				return err
			}
			if len(want.Observations) == 0 || !slices.EqualFunc(got.Observations, want.Observations, sameObservation) ||
				!slices.EqualFunc(got.Checks, want.Checks, func(a, b inventory.Check) bool { return a.ID == b.ID }) {
				t.Errorf("depth %d before %v: one statement read %d observations of %d checks, Evidence %d of %d",
					f.Depth, f.Before, len(got.Observations), len(got.Checks), len(want.Observations), len(want.Checks))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func sameObservation(a, b inventory.Observation) bool {
	return a.ID == b.ID && a.SeenAt.Equal(b.SeenAt)
}

// BenchmarkEvidence reads the evidence of 10,000 addresses, seen 30 times
// each, at once: every observation (depth 64), or the newest 4 and the
// anchors of each address; with Evidence's statements per address and
// with evidenceInOneStatement.
func BenchmarkEvidence(b *testing.B) {
	s, addrs, _ := evidenceStore(b, 10000, 30)
	ctx := context.Background()
	read := map[string]func(t *txn, f inventory.EvidenceFilter) (inventory.Evidence, error){
		"per-address": func(t *txn, f inventory.EvidenceFilter) (inventory.Evidence, error) { return t.Evidence(ctx, f) },
		"one-statement": func(t *txn, f inventory.EvidenceFilter) (inventory.Evidence, error) {
			return t.evidenceOneStatement(ctx, f)
		},
	}
	for _, depth := range []int{64, 4} {
		for _, name := range []string{"per-address", "one-statement"} {
			b.Run(fmt.Sprintf("depth=%d/%s", depth, name), func(b *testing.B) {
				f := inventory.EvidenceFilter{Addresses: addrs, Depth: depth}
				var n int
				began := cpuTime()
				for b.Loop() {
					err := s.view(ctx, func(t *txn) error {
						ev, err := read[name](t, f)
						n = len(ev.Observations)
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(addrs)), "ns/address")
				b.ReportMetric((cpuTime()-began).Seconds()*1000/float64(b.N), "cpu-ms/op")
				b.ReportMetric(float64(n), "observations")
			})
		}
	}
}
