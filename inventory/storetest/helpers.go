package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

var ctx = context.Background()

// update runs fn in one Update and fails the test if it fails.
func (e *env) update(fn func(w inventory.Writer) error) {
	e.t.Helper()
	if err := e.s.Update(ctx, fn); err != nil {
		e.t.Fatalf("Update: %v", err)
	}
}

// create stores a and returns it as CreateAsset left it.
func (e *env) create(a inventory.Asset) inventory.Asset {
	e.t.Helper()
	e.update(func(w inventory.Writer) error { return w.CreateAsset(ctx, &a, "test") })
	return a
}

func (e *env) asset(id int64) inventory.Asset {
	e.t.Helper()
	a, err := e.s.Asset(ctx, id)
	if err != nil {
		e.t.Fatalf("Asset(%d): %v", id, err)
	}
	return a
}

func (e *env) history(id int64) []inventory.Event {
	e.t.Helper()
	h, err := e.s.History(ctx, id)
	if err != nil {
		e.t.Fatalf("History(%d): %v", id, err)
	}
	return h
}

func (e *env) lastEvent(id int64) inventory.Event {
	e.t.Helper()
	h := e.history(id)
	if len(h) == 0 {
		e.t.Fatalf("asset #%d has no history", id)
	}
	return h[len(h)-1]
}

func (e *env) revision() int64 {
	e.t.Helper()
	r, err := e.s.Revision(ctx)
	if err != nil {
		e.t.Fatalf("Revision: %v", err)
	}
	return r
}

// wantErr fails unless err has the kind, names the field (when field is
// not empty) and says each of the words.
func (e *env) wantErr(err error, kind inventory.ErrorKind, field string, words ...string) {
	e.t.Helper()
	if err == nil {
		e.t.Fatalf("got no error, want %s", kind)
	}
	if got := inventory.KindOf(err); got != kind {
		e.t.Fatalf("got %s error %q, want %s", got, err, kind)
	}
	if field != "" {
		var ie *inventory.Error
		if !errors.As(err, &ie) || ie.Field != field {
			e.t.Fatalf("error %q does not name field %q", err, field)
		}
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			e.t.Fatalf("error %q does not say %q", err, w)
		}
	}
}

// same fails unless got and want are equal, showing both as JSON.
func (e *env) same(what string, got, want any) {
	e.t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		e.t.Fatalf("%s:\ngot  %s\nwant %s", what, g, w)
	}
}

// sameTime fails unless got is the instant want.
func (e *env) sameTime(what string, got, want time.Time) {
	e.t.Helper()
	if !got.Equal(want) {
		e.t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

// utc puts a time in UTC, so that values from a store and values built by
// the test compare with DeepEqual.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.Round(0).UTC()
}

func normAsset(a inventory.Asset) inventory.Asset {
	a.StageSince, a.LastSeen, a.CreatedAt, a.UpdatedAt = utc(a.StageSince), utc(a.LastSeen), utc(a.CreatedAt), utc(a.UpdatedAt)
	if len(a.Addresses) == 0 {
		a.Addresses = nil
	}
	return a
}

func normEvent(ev inventory.Event) inventory.Event {
	ev.At = utc(ev.At)
	if len(ev.Changes) == 0 {
		ev.Changes = nil
	}
	return ev
}

func normMapping(m inventory.PortMapping) inventory.PortMapping {
	m.ClosedAt = utc(m.ClosedAt)
	return m
}

func normItem(it inventory.ChecklistItem) inventory.ChecklistItem {
	it.DoneAt = utc(it.DoneAt)
	return it
}

func normCheck(c inventory.Check) inventory.Check {
	c.StartedAt, c.EndedAt, c.RecordedAt = utc(c.StartedAt), utc(c.EndedAt), utc(c.RecordedAt)
	if len(c.Targets) == 0 {
		c.Targets = nil
	}
	if len(c.Args) == 0 {
		c.Args = nil
	}
	if len(c.Ports) == 0 {
		c.Ports = nil
	}
	if len(c.NotChecked) == 0 {
		c.NotChecked = nil
	}
	return c
}

func normObservation(o inventory.Observation) inventory.Observation {
	o.SeenAt = utc(o.SeenAt)
	if len(o.Hostnames) == 0 {
		o.Hostnames = nil
	}
	if len(o.Ports) == 0 {
		o.Ports = nil
	}
	return o
}

func mapSlice[T any](in []T, f func(T) T) []T {
	if len(in) == 0 {
		return nil
	}
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// sortedChanges orders changes by field, for comparing sets of changes.
func sortedChanges(cs []inventory.Change) []inventory.Change {
	out := slices.Clone(cs)
	slices.SortFunc(out, func(a, b inventory.Change) int { return strings.Compare(a.Field, b.Field) })
	return out
}

func ids(as []inventory.Asset) []int64 {
	var out []int64
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func ip(v string) inventory.Address  { return inventory.Address{Kind: inventory.AddrIP, Value: v} }
func mac(v string) inventory.Address { return inventory.Address{Kind: inventory.AddrMAC, Value: v} }
func dns(v string) inventory.Address { return inventory.Address{Kind: inventory.AddrDNS, Value: v} }

func date(s string) inventory.Date {
	d, err := inventory.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
