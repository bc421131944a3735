package storetest

import (
	"context"
	"reflect"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// fillEveryTable writes at least one row of every table of the inventory
// through the Writer, as sunset's commands do, and returns the asset
// with the most history.
func (e *env) fillEveryTable() inventory.Asset {
	e.t.Helper()
	a := e.create(inventory.Asset{Tag: "SRV-1", Hostname: "Srv-1", Name: "Mail server", Serial: "SN-1",
		Owner: "Infra", Kind: inventory.KindServer, HoldsCredentials: true, DeployedOn: date("2020-01-02"),
		Addresses: []inventory.Address{ip("192.0.2.20"), mac("02:00:00:00:00:20"), dns("srv-1.example.org")}})
	b := e.create(inventory.Asset{Tag: "CAM-1", Hostname: "cam-1", Kind: inventory.KindCamera, Addresses: []inventory.Address{ip("192.0.2.21")}})
	e.clock.Advance(time.Minute)
	e.update(func(w inventory.Writer) error {
		if err := w.SetPolicyValue(ctx, "scan.scope", "192.0.2.0/24"); err != nil {
			return err
		}
		if err := w.SetOwner(ctx, &inventory.Owner{Name: "Infra", Email: "infra@example.org"}); err != nil {
			return err
		}
		if err := w.AddImportedColumns(ctx, map[int64][]inventory.ImportedColumn{a.ID: {{Column: "rack", Value: "R12", Source: "netbox"}}}); err != nil {
			return err
		}
		m := inventory.PortMapping{AssetID: a.ID, ExternalAddr: "192.0.2.50", ExternalPort: 3389, InternalAddr: "192.0.2.20",
			InternalPort: 3389, Protocol: "tcp", Purpose: "vendor", ExpiresOn: date("2031-01-01")}
		if err := w.AddMapping(ctx, &m, "vendor access"); err != nil {
			return err
		}
		if err := w.SetStage(ctx, a.ID, inventory.StageDecommissioning, "replaced", true); err != nil {
			return err
		}
		if err := w.PutChecklist(ctx, a.ID, []inventory.ChecklistItem{{ID: "wipe", Title: "Wipe", Required: true, Verify: inventory.VerifyEvidence},
			{ID: "close-mapping", Title: "Close mapping", MappingID: m.ID, Verify: inventory.VerifyMappingClosed}}); err != nil {
			return err
		}
		if err := w.CompleteItem(ctx, a.ID, "wipe", "ticket 42"); err != nil {
			return err
		}
		if err := w.CloseMapping(ctx, m.ID, "rule removed"); err != nil {
			return err
		}
		rec := certificate(a.ID)
		if err := w.RecordSanitization(ctx, &rec); err != nil {
			return err
		}
		now := e.clock.Now()
		c := inventory.Check{StartedAt: now.Add(-time.Minute), EndedAt: now, Source: "live", Site: "branch", Targets: []string{"192.0.2.0/24"},
			Args: []string{"-sT"}, Ports: []int{22, 3389}, HostsAnswered: 2, HostsDark: 1,
			NotChecked: []inventory.NotChecked{{Asset: "X", Reason: "no address"}}}
		obs := []inventory.Observation{
			{AssetID: a.ID, Address: "192.0.2.20", State: inventory.Answered, Reason: "syn-ack", MAC: "02:00:00:00:00:20",
				Hostnames: []string{"srv-1"}, Ports: []inventory.Port{{Number: 3389, Protocol: "tcp", State: "open", Service: "ms-wbt-server"}}},
			{AssetID: b.ID, Address: "192.0.2.21", State: inventory.Dark, Reason: "no-response"},
			{Address: "192.0.2.99", State: inventory.Answered, Reason: "arp-response", Conflict: "x"},
		}
		if err := w.SaveCheck(ctx, &c, obs); err != nil {
			return err
		}
		if err := w.Dismiss(ctx, &inventory.Dismissal{Address: "192.0.2.98", Reason: "lab"}); err != nil {
			return err
		}
		if err := w.Acknowledge(ctx, &inventory.Acknowledgement{Finding: "idle:#1", AssetID: a.ID, Substance: "medium|tcp/80",
			Reason: "patch due", Until: now.Add(24 * time.Hour)}); err != nil {
			return err
		}
		return w.RecordDelivery(ctx, &inventory.Delivery{Recipient: "infra@example.org", Channel: "email",
			Items: []inventory.NotificationSent{{Owner: "Infra", AssetID: a.ID, Subject: "end-of-life", Item: "end-of-life asset 1", Step: "30d"},
				{Subject: "finding unknown", Item: "finding unknown address 192.0.2.99", Step: "finding"}}})
	})
	return a
}

// allRows reads every row of every table of s, a page of 2 at a time.
func (e *env) allRows(s inventory.Store) map[string][][]any {
	e.t.Helper()
	out := map[string][][]any{}
	err := s.View(ctx, func(r inventory.Reader) error {
		tr, ok := r.(inventory.TableReader)
		if !ok {
			e.t.Fatalf("the Reader of a View is no inventory.TableReader: a store implements TableReader on its Readers and TableWriter on its Writers (inventory/tables.go) so that sunset migrate can copy it")
		}
		for _, t := range inventory.Tables {
			var after []any
			for {
				rows, err := tr.TableRows(ctx, t.Name, after, 2)
				if err != nil {
					return err
				}
				for _, row := range rows {
					for i, v := range row {
						if tm, ok := v.(time.Time); ok {
							row[i] = tm.UTC()
						}
					}
				}
				out[t.Name] = append(out[t.Name], rows...)
				if len(rows) < 2 {
					break
				}
				after = rows[len(rows)-1][:t.Key]
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatalf("reading every table: %v", err)
	}
	return out
}

var tableCases = []suiteCase{
	{"Tables/EveryTableHoldsWhatTheWritesWrote", func(e *env) {
		e.fillEveryTable()
		rows := e.allRows(e.s)
		for _, t := range inventory.Tables {
			if len(rows[t.Name]) == 0 {
				e.t.Errorf("table %s has no rows after a write to every table", t.Name)
			}
			for _, row := range rows[t.Name] {
				for i, c := range t.Columns {
					v := row[i]
					ok := false
					switch c.Type {
					case inventory.ColInt:
						_, ok = v.(int64)
					case inventory.ColText:
						_, ok = v.(string)
					case inventory.ColBool:
						_, ok = v.(bool)
					case inventory.ColTime:
						tm, isTime := v.(time.Time)
						ok = isTime && !tm.IsZero()
					}
					if !ok && !(v == nil && c.Null) {
						e.t.Errorf("table %s, column %s: %#v", t.Name, c.Name, v)
					}
				}
			}
		}
		if got := rows["addresses"]; len(got) != 4 || got[0][0] != got[1][0] || got[1][1].(int64) <= got[0][1].(int64) {
			e.t.Errorf("addresses, read two at a time in key order = %v", got)
		}
	}},
	{"Tables/ACopyIsTheSameInventoryAndHistory", func(e *env) {
		a := e.fillEveryTable()
		to := e.open()
		counts, err := inventory.Copy(ctx, e.s, to, inventory.CopyOptions{PageRows: 2})
		if err != nil {
			e.t.Fatalf("Copy: %v", err)
		}
		from := e.allRows(e.s)
		for _, c := range counts {
			if c.Rows != int64(len(from[c.Table])) {
				e.t.Errorf("Copy counted %d rows of %s, the original holds %d", c.Rows, c.Table, len(from[c.Table]))
			}
		}
		if len(counts) != len(inventory.Tables) {
			e.t.Errorf("Copy counted %d tables, want %d", len(counts), len(inventory.Tables))
		}
		if got := e.allRows(to); !reflect.DeepEqual(got, from) {
			for _, t := range inventory.Tables {
				e.same("copy of table "+t.Name, got[t.Name], from[t.Name])
			}
		}
		wantHistory, err := e.s.History(ctx, a.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		gotHistory, err := to.History(ctx, a.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		e.same("history of the copy", mapSlice(gotHistory, normEvent), mapSlice(wantHistory, normEvent))
		// Found by what a store derives from a row: a hostname and a name
		// in any case, a serial as SerialKey folds it.
		for _, ref := range []string{"srv-1", "MAIL SERVER"} {
			wantAsset, err := e.s.FindAsset(ctx, ref)
			if err != nil {
				e.t.Fatal(err)
			}
			gotAsset, err := to.FindAsset(ctx, ref)
			if err != nil {
				e.t.Fatalf("the copy finds no asset by %q: %v", ref, err)
			}
			e.same("asset of the copy", normAsset(gotAsset), normAsset(wantAsset))
		}
		if got, err := to.AssetsByKeys(ctx, inventory.AssetKeys{Serials: []string{"sn-1"}}); err != nil || len(got) != 1 || got[0].ID != a.ID {
			e.t.Errorf("the copy finds by serial %v, %v; want asset #%d", ids(got), err, a.ID)
		}
		f := inventory.EvidenceFilter{Addresses: []string{"192.0.2.20", "192.0.2.21", "192.0.2.99"}, AssetIDs: []int64{a.ID}}
		e.same("evidence of the copy", e.evidence(to, f), e.evidence(e.s, f))
		for _, r := range []inventory.Store{e.s, to} {
			counts, err := r.StageCounts(ctx, inventory.AssetFilter{})
			if err != nil || counts[inventory.StageDecommissioning] != 1 || counts[inventory.StageActive] != 1 {
				e.t.Errorf("%s: stage counts %v, %v", r.Location(), counts, err)
			}
		}
		if rev, err := to.Revision(ctx); err != nil || rev == 0 {
			e.t.Errorf("the copy's revision = %d, %v; want it moved", rev, err)
		}
		// The copy goes on from the ids it holds.
		next := inventory.Asset{Tag: "NEW-1"}
		if err := to.Update(ctx, func(w inventory.Writer) error { return w.CreateAsset(ctx, &next, "after the copy") }); err != nil {
			e.t.Fatalf("creating an asset in the copy: %v", err)
		}
		if next.ID <= a.ID+1 {
			e.t.Errorf("the first asset created in the copy got id %d, which the copied ones may hold", next.ID)
		}
	}},
	{"Tables/ACopyIntoAnInventoryThatIsNotEmptyIsRefused", func(e *env) {
		e.fillEveryTable()
		to := e.open()
		if err := to.Update(ctx, func(w inventory.Writer) error { return w.SetPolicyValue(ctx, "idle.after", "30d") }); err != nil {
			e.t.Fatal(err)
		}
		before := e.allRows(to)
		_, err := inventory.Copy(ctx, e.s, to, inventory.CopyOptions{})
		e.wantErr(err, inventory.ErrRefused, "", "not empty", "policy")
		e.same("the target after the refused copy", e.allRows(to), before)
	}},
	{"Tables/AFailedVerificationKeepsNothing", func(e *env) {
		e.fillEveryTable()
		to := e.open()
		stop := inventory.Errorf(inventory.ErrOther, "exports differ")
		_, err := inventory.Copy(ctx, e.s, to, inventory.CopyOptions{Verify: func(context.Context, inventory.Reader, inventory.Reader) error {
			return stop
		}})
		if err != stop {
			e.t.Fatalf("Copy = %v, want Verify's error", err)
		}
		for name, rows := range e.allRows(to) {
			if len(rows) > 0 {
				e.t.Errorf("after a failed copy, table %s holds %d rows", name, len(rows))
			}
		}
	}},
}
