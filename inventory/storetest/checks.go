package storetest

import (
	"fmt"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// saveCheck stores a check started at the given time and ended a minute
// later with obs, seen then unless they say otherwise, and returns it with
// the observations as stored. When the check's times lie ahead of the
// clock, the clock moves to the latest of them first, so that the check is
// recorded as it ends.
func (e *env) saveCheck(startedAt time.Time, obs ...inventory.Observation) (inventory.Check, []inventory.Observation) {
	e.t.Helper()
	c := inventory.Check{StartedAt: startedAt, EndedAt: startedAt.Add(time.Minute), Source: "live"}
	latest := c.EndedAt
	for _, o := range obs {
		if o.SeenAt.After(latest) {
			latest = o.SeenAt
		}
	}
	if ahead := latest.Sub(e.clock.Now()); ahead > 0 {
		e.clock.Advance(ahead)
	}
	e.update(func(w inventory.Writer) error { return w.SaveCheck(ctx, &c, obs) })
	return c, obs
}

var checkCases = []suiteCase{
	{"SaveCheck/StoresCheckAndObservationsSettingIDs", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A", Addresses: []inventory.Address{ip("192.0.2.10")}})
		now := e.clock.Now()
		c := inventory.Check{StartedAt: now, EndedAt: now.Add(90 * time.Second), Source: "live",
			Targets: []string{"192.0.2.10", "192.0.2.0/28"}, Args: []string{"-sT", "-p", "22,3389"}, Ports: []int{22, 3389},
			Partial: true, PartialReason: "interrupted", HostsAnswered: 1, HostsDark: 1, HostsUnknown: 1,
			NotChecked: []inventory.NotChecked{{Asset: "B", Reason: "no address"}}}
		obs := []inventory.Observation{
			{AssetID: a.ID, Address: "192.0.2.10", State: inventory.Answered, Reason: "syn-ack", MAC: "00:00:5e:00:53:0a",
				MACVendor: "IANA", Hostnames: []string{"a.example.test"}, OSGuess: "Linux 5.x", SeenAt: now.Add(10 * time.Second),
				Ports: []inventory.Port{{Number: 22, Protocol: "tcp", State: "open", Service: "ssh", Product: "OpenSSH", Version: "9.2"},
					{Number: 3389, Protocol: "tcp", State: "closed"}}},
			{Address: "192.0.2.14", State: inventory.Answered, Reason: "arp-response", Conflict: "answers with B's MAC",
				SeenAt: now.Add(20 * time.Second)},
			{Address: "192.0.2.15", State: inventory.Dark, Reason: "no-response", SeenAt: now.Add(30 * time.Second)},
		}
		e.update(func(w inventory.Writer) error { return w.SaveCheck(ctx, &c, obs) })
		if c.ID == 0 || c.Actor != Actor {
			e.t.Fatalf("check after save = ID %d actor %q, want an ID and actor %s", c.ID, c.Actor, Actor)
		}
		for i, o := range obs {
			if o.ID == 0 || o.CheckID != c.ID {
				e.t.Fatalf("observation %d: ID %d CheckID %d, want an ID and %d", i, o.ID, o.CheckID, c.ID)
			}
		}
		checks, err := e.s.Checks(ctx, 0)
		if err != nil {
			e.t.Fatal(err)
		}
		e.same("Checks", mapSlice(checks, normCheck), []inventory.Check{normCheck(c)})
		got, err := e.s.Observations(ctx, inventory.ObservationFilter{CheckID: c.ID})
		if err != nil {
			e.t.Fatal(err)
		}
		e.same("Observations, newest first", mapSlice(got, normObservation),
			[]inventory.Observation{normObservation(obs[2]), normObservation(obs[1]), normObservation(obs[0])})
	}},
	{"SaveCheck/MovesLastSeenForwardOnlyForAnswers", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		b := e.create(inventory.Asset{Tag: "B"})
		t0 := e.clock.Now()
		t1 := t0.Add(time.Hour)
		e.saveCheck(t1, inventory.Observation{AssetID: a.ID, Address: "192.0.2.1", State: inventory.Answered},
			inventory.Observation{AssetID: b.ID, Address: "192.0.2.2", State: inventory.Dark})
		e.sameTime("A.LastSeen after an answer", e.asset(a.ID).LastSeen, t1)
		if seen := e.asset(b.ID).LastSeen; !seen.IsZero() {
			e.t.Fatalf("B.LastSeen = %v after only a dark observation, want zero", seen)
		}
		// An older file imported later does not move LastSeen back.
		e.saveCheck(t0, inventory.Observation{AssetID: a.ID, Address: "192.0.2.1", State: inventory.Answered})
		e.sameTime("A.LastSeen after an older answer", e.asset(a.ID).LastSeen, t1)
		t2 := t1.Add(time.Hour)
		e.saveCheck(t2, inventory.Observation{AssetID: a.ID, Address: "192.0.2.1", State: inventory.Unknown})
		e.sameTime("A.LastSeen after an unknown", e.asset(a.ID).LastSeen, t1)
		e.saveCheck(t2, inventory.Observation{AssetID: a.ID, Address: "192.0.2.1", State: inventory.Answered})
		e.sameTime("A.LastSeen after a newer answer", e.asset(a.ID).LastSeen, t2)
		if n := len(e.history(a.ID)); n != 1 {
			e.t.Fatalf("history has %d events; being seen is not a change of the record", n)
		}
	}},
	{"Checks/NewestRecordedFirstWithLimit", func(e *env) {
		t0 := e.clock.Now()
		c1, _ := e.saveCheck(t0)
		e.clock.Advance(time.Hour)
		// A file from the day before, imported after c1: recorded later.
		c2, _ := e.saveCheck(t0.Add(-24 * time.Hour))
		e.clock.Advance(time.Hour)
		c3, _ := e.saveCheck(e.clock.Now())
		// Recorded at the same instant: the later one first.
		c4, _ := e.saveCheck(t0.Add(-48 * time.Hour))
		c5, _ := e.saveCheck(t0.Add(-72 * time.Hour))
		list := func(limit int) []int64 {
			e.t.Helper()
			cs, err := e.s.Checks(ctx, limit)
			if err != nil {
				e.t.Fatal(err)
			}
			var out []int64
			for _, c := range cs {
				out = append(out, c.ID)
			}
			return out
		}
		e.same("all", list(0), []int64{c5.ID, c4.ID, c3.ID, c2.ID, c1.ID})
		e.same("limit 2", list(2), []int64{c5.ID, c4.ID})
		e.same("limit -1", list(-1), []int64{c5.ID, c4.ID, c3.ID, c2.ID, c1.ID})
	}},
	{"Observations/FilterNewestFirst", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		t0 := e.clock.Now()
		c1, o1 := e.saveCheck(t0, inventory.Observation{AssetID: a.ID, Address: "192.0.2.1", State: inventory.Answered},
			inventory.Observation{Address: "192.0.2.9", State: inventory.Answered})
		_, o2 := e.saveCheck(t0.Add(time.Hour), inventory.Observation{AssetID: a.ID, Address: "192.0.2.1", State: inventory.Dark})
		_, o3 := e.saveCheck(t0.Add(2*time.Hour), inventory.Observation{Address: "192.0.2.1", State: inventory.Dark})
		list := func(f inventory.ObservationFilter) []int64 {
			e.t.Helper()
			os, err := e.s.Observations(ctx, f)
			if err != nil {
				e.t.Fatal(err)
			}
			var out []int64
			for _, o := range os {
				out = append(out, o.ID)
			}
			return out
		}
		e.same("all", list(inventory.ObservationFilter{}), []int64{o3[0].ID, o2[0].ID, o1[1].ID, o1[0].ID})
		e.same("asset", list(inventory.ObservationFilter{AssetID: a.ID}), []int64{o2[0].ID, o1[0].ID})
		e.same("address", list(inventory.ObservationFilter{Address: "192.0.2.1"}), []int64{o3[0].ID, o2[0].ID, o1[0].ID})
		e.same("check", list(inventory.ObservationFilter{CheckID: c1.ID}), []int64{o1[1].ID, o1[0].ID})
		e.same("since", list(inventory.ObservationFilter{Since: t0.Add(time.Hour)}), []int64{o3[0].ID, o2[0].ID})
		e.same("limit", list(inventory.ObservationFilter{Address: "192.0.2.1", Limit: 1}), []int64{o3[0].ID})
	}},
	{"SaveCheck/RefusesBadObservationKeepingNothing", func(e *env) {
		bad := func(o inventory.Observation, kind inventory.ErrorKind, words ...string) {
			e.t.Helper()
			c := inventory.Check{Source: "live"}
			err := e.s.Update(ctx, func(w inventory.Writer) error { return w.SaveCheck(ctx, &c, []inventory.Observation{o}) })
			e.wantErr(err, kind, "", words...)
		}
		bad(inventory.Observation{Address: "192.0.2.1", State: "alive"}, inventory.ErrInvalid, "alive")
		bad(inventory.Observation{Address: "not-an-ip", State: inventory.Dark}, inventory.ErrInvalid, "not-an-ip")
		bad(inventory.Observation{AssetID: 3030, Address: "192.0.2.1", State: inventory.Dark}, inventory.ErrNotFound, "3030")
		if cs, err := e.s.Checks(ctx, 0); err != nil || len(cs) != 0 {
			e.t.Fatalf("Checks = %d, %v; a refused check was kept", len(cs), err)
		}
	}},
	{"SaveCheck/RecordedAtIsTheStoresClock", func(e *env) {
		now := e.clock.Advance(time.Hour)
		c := inventory.Check{StartedAt: now.Add(-10 * time.Minute), EndedAt: now.Add(-time.Minute), Source: "import:old.xml",
			RecordedAt: now.Add(-365 * 24 * time.Hour)}
		e.update(func(w inventory.Writer) error { return w.SaveCheck(ctx, &c, nil) })
		e.sameTime("RecordedAt after SaveCheck", c.RecordedAt, now)
		checks, err := e.s.Checks(ctx, 0)
		if err != nil || len(checks) != 1 {
			e.t.Fatalf("Checks = %+v, %v; want the one check", checks, err)
		}
		e.sameTime("RecordedAt stored", checks[0].RecordedAt, now)
		e.sameTime("StartedAt stored", checks[0].StartedAt, now.Add(-10*time.Minute))
	}},
	{"SaveCheck/RefusesTimesAheadOfItsRecordingKeepingNothing", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		rev := e.revision()
		now := e.clock.Now()
		tooLate := now.Add(inventory.MaxClockSkew + time.Second)
		for _, c := range []struct {
			field string
			check inventory.Check
			seen  time.Time
		}{
			{"started_at", inventory.Check{StartedAt: tooLate}, time.Time{}},
			{"ended_at", inventory.Check{StartedAt: now, EndedAt: tooLate}, now},
			{"seen_at", inventory.Check{StartedAt: now, EndedAt: now}, tooLate},
		} {
			c.check.Source = "import:future.xml"
			obs := []inventory.Observation{
				{AssetID: a.ID, Address: "192.0.2.1", State: inventory.Answered, SeenAt: now},
				{AssetID: a.ID, Address: "192.0.2.7", State: inventory.Answered, SeenAt: c.seen},
			}
			err := e.s.Update(ctx, func(w inventory.Writer) error { return w.SaveCheck(ctx, &c.check, obs) })
			e.wantErr(err, inventory.ErrInvalid, c.field, "later than the check was recorded",
				tooLate.UTC().Format(time.RFC3339Nano), now.UTC().Format(time.RFC3339Nano))
			if c.field == "seen_at" {
				e.wantErr(err, inventory.ErrInvalid, c.field, "observation of 192.0.2.7")
			}
		}
		if cs, err := e.s.Checks(ctx, 0); err != nil || len(cs) != 0 {
			e.t.Fatalf("Checks = %d, %v; a refused check was kept", len(cs), err)
		}
		if seen := e.asset(a.ID).LastSeen; !seen.IsZero() {
			e.t.Fatalf("LastSeen = %v after refused checks only", seen)
		}
		if got := e.revision(); got != rev {
			e.t.Fatalf("revision moved from %d to %d on refused checks", rev, got)
		}
	}},
	{"SaveCheck/TimesAheadWithinTheSkewAreTheRecording", func(e *env) {
		a := e.create(inventory.Asset{Tag: "A"})
		now := e.clock.Now()
		earlier := now.Add(-time.Hour)
		c := inventory.Check{StartedAt: now.Add(time.Minute), EndedAt: now.Add(inventory.MaxClockSkew), Source: "live"}
		obs := []inventory.Observation{
			{AssetID: a.ID, Address: "192.0.2.1", State: inventory.Answered, SeenAt: now.Add(inventory.MaxClockSkew)},
			{Address: "192.0.2.2", State: inventory.Answered, SeenAt: earlier},
			{Address: "192.0.2.3", State: inventory.Dark}, // seen when the check started
		}
		e.update(func(w inventory.Writer) error { return w.SaveCheck(ctx, &c, obs) })
		checks, err := e.s.Checks(ctx, 0)
		if err != nil || len(checks) != 1 {
			e.t.Fatalf("Checks = %+v, %v; want the one check", checks, err)
		}
		e.same("check as stored", normCheck(checks[0]), normCheck(c))
		e.sameTime("StartedAt", c.StartedAt, now)
		e.sameTime("EndedAt", c.EndedAt, now)
		stored, err := e.s.Observations(ctx, inventory.ObservationFilter{CheckID: c.ID})
		if err != nil {
			e.t.Fatal(err)
		}
		e.same("observations as stored", mapSlice(stored, normObservation),
			[]inventory.Observation{normObservation(obs[2]), normObservation(obs[0]), normObservation(obs[1])})
		for i, want := range []time.Time{now, earlier, now} {
			e.sameTime(fmt.Sprintf("observation %d SeenAt", i), obs[i].SeenAt, want)
		}
		e.sameTime("LastSeen", e.asset(a.ID).LastSeen, now)
	}},
}
