package storetest

import (
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

var mappingUpdateCases = []suiteCase{
	{"Mappings/UpdateRecordsEachChangedField", func(e *env) {
		a := e.create(inventory.Asset{Tag: "RDP-1"})
		m := inventory.PortMapping{AssetID: a.ID, ExternalAddr: "192.0.2.200", ExternalPort: 13389,
			InternalAddr: "192.0.2.10", InternalPort: 3389, Purpose: "contractor maintenance", Owner: "carol",
			OpenedOn: date("2031-03-01"), ExpiresOn: date("2031-04-01")}
		e.update(func(w inventory.Writer) error { return w.AddMapping(ctx, &m, "") })
		before := len(e.history(a.ID))
		now := e.clock.Advance(time.Hour)

		edit := m
		edit.AssetID = 0 // keeps the asset
		edit.ExternalPort, edit.Protocol, edit.Owner, edit.ExpiresOn = 23389, "UDP", "dave", date("2031-05-01")
		var changed bool
		e.update(func(w inventory.Writer) (err error) {
			changed, err = w.UpdateMapping(ctx, &edit, "extended for ticket 7")
			return err
		})
		if !changed || edit.AssetID != a.ID || edit.Protocol != "udp" {
			e.t.Fatalf("after update: changed=%v mapping=%+v, want changed, asset #%d, protocol udp", changed, edit, a.ID)
		}
		got, err := e.s.Mapping(ctx, m.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		e.same("Mapping", normMapping(got), normMapping(edit))
		h := e.history(a.ID)
		if len(h) != before+1 {
			e.t.Fatalf("history grew by %d events, want 1", len(h)-before)
		}
		ev := h[len(h)-1]
		if ev.Action != inventory.ActionMappingUpdated || ev.Actor != Actor || ev.Reason != "extended for ticket 7" {
			e.t.Fatalf("event = %+v, want mapping-updated for ticket 7", ev)
		}
		e.sameTime("event time", ev.At, now)
		id := "mapping #" + itoa(m.ID) + " "
		e.same("changes", ev.Changes, []inventory.Change{
			{Field: id + "external", From: "192.0.2.200:13389", To: "192.0.2.200:23389"},
			{Field: id + "proto", From: "tcp", To: "udp"},
			{Field: id + "owner", From: "carol", To: "dave"},
			{Field: id + "expires", From: "2031-04-01", To: "2031-05-01"},
		})

		rev := e.revision()
		e.update(func(w inventory.Writer) (err error) {
			changed, err = w.UpdateMapping(ctx, &edit, "again")
			return err
		})
		if changed || len(e.history(a.ID)) != before+1 || e.revision() != rev {
			e.t.Fatalf("an update changing nothing: changed=%v, %d events, revision %d→%d; want no change, no event, same revision",
				changed, len(e.history(a.ID))-before, rev, e.revision())
		}
	}},
	{"Mappings/UpdateRefusesAndLeavesNothing", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		b := e.create(inventory.Asset{Tag: "B"})
		m := inventory.PortMapping{AssetID: a.ID, ExternalAddr: "192.0.2.200", ExternalPort: 8443,
			OpenedOn: date("2031-03-01")}
		e.update(func(w inventory.Writer) error { return w.AddMapping(ctx, &m, "") })
		events := len(e.history(a.ID))
		stored := func() {
			e.t.Helper()
			got, err := e.s.Mapping(ctx, m.ID)
			if err != nil {
				e.t.Fatal(err)
			}
			e.same("mapping after a refused update", normMapping(got), normMapping(m))
			if n := len(e.history(a.ID)); n != events {
				e.t.Fatalf("a refused update left %d events", n-events)
			}
		}
		try := func(edit inventory.PortMapping) error {
			return e.s.Update(ctx, func(w inventory.Writer) error {
				// A valid change first: the refusal must undo it too.
				first := m
				first.Purpose = "changed in the same update"
				if _, err := w.UpdateMapping(ctx, &first, ""); err != nil {
					return err
				}
				_, err := w.UpdateMapping(ctx, &edit, "")
				return err
			})
		}

		bad := m
		bad.ExpiresOn = date("2031-01-01")
		e.wantErr(try(bad), inventory.ErrInvalid, "expires", "before")
		stored()
		bad = m
		bad.InternalAddr, bad.InternalPort = "192.0.2.10", 0
		e.wantErr(try(bad), inventory.ErrInvalid, "internal", "port 0")
		stored()
		moved := m
		moved.AssetID = b.ID
		e.wantErr(try(moved), inventory.ErrInvalid, "asset", itoa(a.ID))
		stored()
		evidence := m
		evidence.ClosedEvidence = "not closed yet"
		e.wantErr(try(evidence), inventory.ErrInvalid, "evidence", "open")
		stored()
		missing := m
		missing.ID = 4040
		_, err := updateMapping(e, &missing)
		e.wantErr(err, inventory.ErrNotFound, "", "4040")
		stored()
	}},
	{"Mappings/UpdateOfClosedMappingOnlyEvidence", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		m := inventory.PortMapping{AssetID: a.ID, ExternalAddr: "192.0.2.200", ExternalPort: 5900}
		e.update(func(w inventory.Writer) error { return w.AddMapping(ctx, &m, "") })
		e.update(func(w inventory.Writer) error { return w.CloseMapping(ctx, m.ID, "rule 44 deleted") })
		closed, err := e.s.Mapping(ctx, m.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		events := len(e.history(a.ID))

		edit := closed
		edit.ExpiresOn = date("2040-01-01")
		_, err = updateMapping(e, &edit)
		e.wantErr(err, inventory.ErrInvalid, "expires", "closed is closed")
		edit = closed
		edit.ClosedAt = time.Time{} // reopening is not the caller's to do
		edit.ClosedEvidence = "rule 44 deleted on fw1, commit 9f2c"
		changed, err := updateMapping(e, &edit)
		if err != nil || !changed {
			e.t.Fatalf("changing a closed mapping's evidence: changed=%v err=%v", changed, err)
		}
		got, err := e.s.Mapping(ctx, m.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		if got.Open() || !got.ClosedAt.Equal(closed.ClosedAt) || got.ClosedEvidence != edit.ClosedEvidence {
			e.t.Fatalf("closed mapping after new evidence = %+v", got)
		}
		h := e.history(a.ID)
		if len(h) != events+1 {
			e.t.Fatalf("history grew by %d events, want 1", len(h)-events)
		}
		e.same("changes", h[len(h)-1].Changes, []inventory.Change{{Field: "mapping #" + itoa(m.ID) + " evidence",
			From: "rule 44 deleted", To: "rule 44 deleted on fw1, commit 9f2c"}})
	}},
}

// updateMapping runs UpdateMapping alone in an Update.
func updateMapping(e *env, m *inventory.PortMapping) (changed bool, err error) {
	err = e.s.Update(ctx, func(w inventory.Writer) (err error) {
		changed, err = w.UpdateMapping(ctx, m, "")
		return err
	})
	return changed, err
}
