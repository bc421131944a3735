package storetest

import (
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

var mappingCases = []suiteCase{
	{"Mappings/AddValidatesStoresAndRecords", func(e *env) {
		a := e.create(inventory.Asset{Tag: "RDP-1"})
		now := e.clock.Advance(time.Minute)
		m := inventory.PortMapping{AssetID: a.ID, ExternalAddr: "192.0.2.200", ExternalPort: 13389,
			InternalAddr: "192.0.2.10", InternalPort: 3389, Protocol: "TCP", Purpose: "contractor maintenance",
			Owner: "carol", OpenedOn: date("2031-03-01"), ExpiresOn: date("2031-04-01")}
		e.update(func(w inventory.Writer) error { return w.AddMapping(ctx, &m, "ticket 12") })
		if m.ID == 0 || m.Protocol != "tcp" {
			e.t.Fatalf("mapping after add = %+v, want an ID and protocol tcp", m)
		}
		got, err := e.s.Mapping(ctx, m.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		e.same("Mapping", normMapping(got), m)
		ev := e.lastEvent(a.ID)
		if ev.Action != inventory.ActionMappingAdded || ev.Actor != Actor || ev.Reason != "ticket 12" || len(ev.Changes) != 1 {
			e.t.Fatalf("event = %+v, want mapping-added for ticket 12", ev)
		}
		e.sameTime("event time", ev.At, now)

		bad := inventory.PortMapping{AssetID: a.ID, ExternalAddr: "192.0.2.200", ExternalPort: 70000}
		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.AddMapping(ctx, &bad, "") })
		e.wantErr(err, inventory.ErrInvalid, "external", "70000")
		orphan := inventory.PortMapping{ExternalAddr: "192.0.2.200", ExternalPort: 80}
		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.AddMapping(ctx, &orphan, "") })
		e.wantErr(err, inventory.ErrInvalid, "asset")
		orphan.AssetID = 8080
		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.AddMapping(ctx, &orphan, "") })
		e.wantErr(err, inventory.ErrNotFound, "", "8080")
		_, err = e.s.Mapping(ctx, 9999)
		e.wantErr(err, inventory.ErrNotFound, "", "9999")
	}},
	{"Mappings/CloseOnceWithEvidenceAndFilters", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		b := e.create(inventory.Asset{Tag: "B"})
		m1 := inventory.PortMapping{AssetID: a.ID, ExternalAddr: "192.0.2.200", ExternalPort: 8443}
		m2 := inventory.PortMapping{AssetID: a.ID, ExternalAddr: "192.0.2.200", ExternalPort: 5900, Protocol: "udp"}
		m3 := inventory.PortMapping{AssetID: b.ID, ExternalAddr: "192.0.2.201", ExternalPort: 22}
		e.update(func(w inventory.Writer) error {
			for _, m := range []*inventory.PortMapping{&m1, &m2, &m3} {
				if err := w.AddMapping(ctx, m, ""); err != nil {
					return err
				}
			}
			return nil
		})
		now := e.clock.Advance(2 * time.Hour)
		e.update(func(w inventory.Writer) error { return w.CloseMapping(ctx, m1.ID, "rule 44 deleted on fw1") })
		got, err := e.s.Mapping(ctx, m1.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		e.sameTime("ClosedAt", got.ClosedAt, now)
		if got.ClosedEvidence != "rule 44 deleted on fw1" || got.Open() {
			e.t.Fatalf("closed mapping = %+v", got)
		}
		ev := e.lastEvent(a.ID)
		if ev.Action != inventory.ActionMappingClosed || ev.Reason != "rule 44 deleted on fw1" || ev.Actor != Actor {
			e.t.Fatalf("event = %+v, want mapping-closed with the evidence", ev)
		}
		e.sameTime("event time", ev.At, now)

		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.CloseMapping(ctx, m1.ID, "again") })
		e.wantErr(err, inventory.ErrInvalid, "", "already closed")
		err = e.s.Update(ctx, func(w inventory.Writer) error { return w.CloseMapping(ctx, 4040, "") })
		e.wantErr(err, inventory.ErrNotFound, "", "4040")

		list := func(f inventory.MappingFilter) []int64 {
			e.t.Helper()
			ms, err := e.s.Mappings(ctx, f)
			if err != nil {
				e.t.Fatal(err)
			}
			var out []int64
			for _, m := range ms {
				out = append(out, m.ID)
			}
			return out
		}
		e.same("all", list(inventory.MappingFilter{}), []int64{m1.ID, m2.ID, m3.ID})
		e.same("asset a", list(inventory.MappingFilter{AssetID: a.ID}), []int64{m1.ID, m2.ID})
		e.same("open", list(inventory.MappingFilter{OpenOnly: true}), []int64{m2.ID, m3.ID})
		e.same("asset a open", list(inventory.MappingFilter{AssetID: a.ID, OpenOnly: true}), []int64{m2.ID})
	}},
}
