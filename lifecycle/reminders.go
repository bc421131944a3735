package lifecycle

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// ReminderKind names what a reminder is about.
type ReminderKind string

const (
	ReminderEndOfLife       ReminderKind = "end-of-life"
	ReminderWarranty        ReminderKind = "warranty"
	ReminderMappingExpiry   ReminderKind = "mapping-expiry"
	ReminderChecklist       ReminderKind = "checklist"
	ReminderReview          ReminderKind = "review"
	ReminderDecommissioning ReminderKind = "decommissioning"
)

// Reminder is something due on a date.
type Reminder struct {
	Kind    ReminderKind   `json:"kind"`
	AssetID int64          `json:"asset_id"`
	Asset   string         `json:"asset"`
	Date    inventory.Date `json:"date"`
	// DaysLeft counts days from today to Date; negative when overdue.
	DaysLeft int  `json:"days_left"`
	Overdue  bool `json:"overdue"`
	// Action says what falls due; Steps say what to do about it, as data.
	// A front end shows both, the steps in its own words (Advise).
	Action    string `json:"action"`
	Steps     []Step `json:"steps"`
	MappingID int64  `json:"mapping_id,omitempty"`
	Item      string `json:"item,omitempty"`
}

// ReminderInput is what reminders are computed from.
type ReminderInput struct {
	Assets   []inventory.Asset
	Mappings []inventory.PortMapping
	// Checklists holds each asset's checklist by asset id.
	Checklists map[int64][]inventory.ChecklistItem
}

// Reminders lists what is due in the window that starts today and lasts
// within (30d covers today and the 29 days after), plus everything overdue,
// by date.
//
// A dated thing reminds on its date and, for each policy remind.before
// step, that long before it (with 90d,30d,7d: 90, 30 and 7 days before);
// it is listed when one of those days falls in the window, so a daily
// "due --within 1d" names each step once. Overdue things are listed every
// time until dealt with, except warranties, which simply end.
//
// Kinds: end of life of planned, spare and active assets; their warranty
// ending; open port mappings expiring or expired; checklist items of
// decommissioning assets with a due date; reviews of active assets (last
// managed, or deployed when never managed, plus idle.after; due in the
// window or overdue, without steps); and decommissioning assets past their
// end-of-life date (or, without one, their items' latest due date).
func Reminders(in ReminderInput, p inventory.Policy, now time.Time, within inventory.Duration) []Reminder {
	w := newWindow(p, now, within)
	var out []Reminder
	add := func(r Reminder, ok bool) {
		if ok {
			r.DaysLeft = w.today.DaysUntil(r.Date)
			out = append(out, r)
		}
	}
	byID := map[int64]inventory.Asset{}
	for _, a := range in.Assets {
		byID[a.ID] = a
		items := in.Checklists[a.ID]
		add(w.endOfLife(a))
		add(w.warranty(a))
		add(w.review(a, p))
		add(w.decommissioning(a, items))
		if a.Stage == inventory.StageDecommissioning {
			for _, it := range items {
				add(w.checklistItem(a, it))
			}
		}
	}
	for _, m := range in.Mappings {
		add(w.mappingExpiry(m, byID))
	}
	SortReminders(out)
	return out
}

// SortReminders orders reminders by date, then by asset, kind, mapping
// and item.
func SortReminders(rs []Reminder) {
	slices.SortStableFunc(rs, func(a, b Reminder) int {
		if c := a.Date.Time().Compare(b.Date.Time()); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Asset, b.Asset); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		if c := cmp.Compare(a.MappingID, b.MappingID); c != 0 {
			return c
		}
		return cmp.Compare(a.Item, b.Item)
	})
}

// window is the span of days reminders are computed for.
type window struct {
	today, end inventory.Date // end is the first day after the window
	steps      []int          // remind.before in days
}

func newWindow(p inventory.Policy, now time.Time, within inventory.Duration) window {
	days := max(wholeDays(within), 1)
	today := inventory.DateOf(now)
	w := window{today: today, end: today.AddDays(days)}
	for _, s := range p.RemindBefore {
		w.steps = append(w.steps, wholeDays(s))
	}
	return w
}

func (w window) in(d inventory.Date) bool { return !d.Before(w.today) && d.Before(w.end) }

func (w window) overdue(d inventory.Date) bool { return d.Before(w.today) }

// stepped: the day itself or one of its remind.before days is in the window.
func (w window) stepped(d inventory.Date) bool {
	if w.in(d) {
		return true
	}
	for _, s := range w.steps {
		if w.in(d.AddDays(-s)) {
			return true
		}
	}
	return false
}

func (w window) rel(d inventory.Date) string { return relDays(w.today.DaysUntil(d)) }

func inService(a inventory.Asset) bool {
	switch a.Stage {
	case inventory.StagePlanned, inventory.StageSpare, inventory.StageActive:
		return true
	}
	return false
}

func (w window) endOfLife(a inventory.Asset) (Reminder, bool) {
	d := a.EOLOn
	if d.IsZero() || !inService(a) || !(w.overdue(d) || w.stepped(d)) {
		return Reminder{}, false
	}
	r := Reminder{Kind: ReminderEndOfLife, AssetID: a.ID, Asset: a.Ref(), Date: d, Overdue: w.overdue(d)}
	if r.Overdue {
		r.Action = fmt.Sprintf("%s passed its end of life on %s (%s) and is still %s", displayName(a), d, w.rel(d), a.Stage)
		r.Steps = []Step{stageStep(a, inventory.StageDecommissioning), orStep(setFieldStep(a, "eol-on"))}
	} else {
		r.Action = fmt.Sprintf("%s reaches its end of life on %s (%s)", displayName(a), d, w.rel(d))
		r.Steps = []Step{do("plan its replacement and its decommissioning")}
	}
	return r, true
}

func (w window) warranty(a inventory.Asset) (Reminder, bool) {
	d := a.WarrantyEnds
	if d.IsZero() || !inService(a) || w.overdue(d) || !w.stepped(d) {
		return Reminder{}, false
	}
	return Reminder{Kind: ReminderWarranty, AssetID: a.ID, Asset: a.Ref(), Date: d,
		Action: fmt.Sprintf("the warranty of %s ends on %s (%s)", displayName(a), d, w.rel(d)),
		Steps:  []Step{do("renew it or plan the replacement")}}, true
}

func (w window) review(a inventory.Asset, p inventory.Policy) (Reminder, bool) {
	if a.Stage != inventory.StageActive {
		return Reminder{}, false
	}
	base, what := a.LastManagedOn, "was last managed on"
	if base.IsZero() {
		base, what = a.DeployedOn, "has not been managed since it was deployed on"
	}
	if base.IsZero() {
		return Reminder{}, false
	}
	d := base.AddDays(wholeDays(p.IdleAfter))
	if !(w.overdue(d) || w.in(d)) {
		return Reminder{}, false
	}
	return Reminder{Kind: ReminderReview, AssetID: a.ID, Asset: a.Ref(), Date: d, Overdue: w.overdue(d),
		Action: fmt.Sprintf("%s %s %s; its review is due %s (%s)", displayName(a), what, base, d, w.rel(d)),
		Steps:  reviewSteps(a)}, true
}

// decommissioning: the asset should be retired by its end-of-life date, or
// else by its items' latest due date.
func (w window) decommissioning(a inventory.Asset, items []inventory.ChecklistItem) (Reminder, bool) {
	if a.Stage != inventory.StageDecommissioning {
		return Reminder{}, false
	}
	d := a.EOLOn
	if d.IsZero() {
		for _, it := range items {
			if it.Required && it.Due.After(d) {
				d = it.Due
			}
		}
	}
	if d.IsZero() || !(w.overdue(d) || w.stepped(d)) {
		return Reminder{}, false
	}
	done, required := Progress(Checklist(a, nil, items))
	since := ""
	if !a.StageSince.IsZero() {
		since = " since " + inventory.DateOf(a.StageSince).String()
	}
	r := Reminder{Kind: ReminderDecommissioning, AssetID: a.ID, Asset: a.Ref(), Date: d, Overdue: w.overdue(d)}
	verb := "is due to be retired by"
	if r.Overdue {
		verb = "was due to be retired by"
	}
	r.Action = fmt.Sprintf("%s has been decommissioning%s and %s %s (%s)", displayName(a), since, verb, d, w.rel(d))
	r.Steps = []Step{do(fmt.Sprintf("finish its checklist (%d of %d required items done)", done, required)),
		stageStep(a, inventory.StageRetired)}
	return r, true
}

func (w window) checklistItem(a inventory.Asset, it inventory.ChecklistItem) (Reminder, bool) {
	d := it.Due
	if it.Done || d.IsZero() || !(w.overdue(d) || w.stepped(d)) {
		return Reminder{}, false
	}
	return Reminder{Kind: ReminderChecklist, AssetID: a.ID, Asset: a.Ref(), Date: d, Overdue: w.overdue(d),
		Item: it.ID, MappingID: it.MappingID,
		Action: fmt.Sprintf("%s: checklist item %s (%s) is due on %s (%s)", displayName(a), it.ID, it.Title, d, w.rel(d)),
		Steps:  tickSteps(a, it)}, true
}

func (w window) mappingExpiry(m inventory.PortMapping, assets map[int64]inventory.Asset) (Reminder, bool) {
	d := m.ExpiresOn
	if !m.Open() || d.IsZero() || !(w.overdue(d) || w.stepped(d)) {
		return Reminder{}, false
	}
	a, ok := assets[m.AssetID]
	owner := ""
	if ok {
		owner = " of " + displayName(a)
	} else {
		a = inventory.Asset{ID: m.AssetID}
	}
	r := Reminder{Kind: ReminderMappingExpiry, AssetID: m.AssetID, Asset: a.Ref(), Date: d, Overdue: w.overdue(d), MappingID: m.ID}
	if r.Overdue {
		r.Action = fmt.Sprintf("%s%s expired on %s (%s) and is still open", capitalize(DescribeMapping(m)), owner, d, w.rel(d))
		r.Steps = []Step{do("close it on the firewall"), closeMappingStep(a, m)}
	} else {
		r.Action = fmt.Sprintf("%s%s expires on %s (%s)", capitalize(DescribeMapping(m)), owner, d, w.rel(d))
		r.Steps = []Step{do("close it on the firewall then"), closeMappingStep(a, m), orStep(do("agree a new expiry with its owner"))}
	}
	return r, true
}
