package service

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/notify"
)

// Notices is what notify reads beside a chunk's judgement: who owns each
// asset and each mapping, and what the sent-log holds of them.
type Notices struct {
	Owners        map[int64]string
	MappingOwners map[int64]string
	Sent          []inventory.NotificationSent
}

// noticesOf reads the owners and the sent-log of some assets; with none,
// the sent-log of the unknown devices.
func noticesOf(ctx context.Context, r inventory.Reader, assets []inventory.Asset, mappings []inventory.PortMapping) (Notices, error) {
	n := Notices{Owners: make(map[int64]string, len(assets)), MappingOwners: map[int64]string{}}
	ids := []int64{0}
	if len(assets) > 0 {
		ids = idsOf(assets)
	}
	for _, a := range assets {
		n.Owners[a.ID] = a.Owner
	}
	for _, m := range mappings {
		if m.Owner != "" {
			n.MappingOwners[m.ID] = m.Owner
		}
	}
	var err error
	n.Sent, err = r.NotificationsSent(ctx, ids)
	return n, err
}

// NotifyRequest says how a notify run goes.
type NotifyRequest struct {
	// DryRun works out every digest and delivers none, recording nothing.
	DryRun bool
	// Word words what to do, as the front end does (a command to run).
	Word func(lifecycle.Step) string
	// Deliver sends one digest; it is not called in a dry run.
	Deliver func(ctx context.Context, d notify.Digest) error
	// Each is told of each digest once it was delivered, failed, or (in a
	// dry run) would be sent. An error from it ends the run.
	Each func(NotifyOutcome) error
}

// NotifyOutcome is what became of one digest.
type NotifyOutcome struct {
	Digest notify.Digest
	// Sent is true once it was delivered and recorded; Err says why it
	// was not delivered, and its items wait for the next run.
	Sent bool
	Err  error
}

// NotifySummary counts what a run did.
type NotifySummary struct {
	Digests, Items, Sent, Failed int
	// Unreached are the owners (in order, "" for none) with items that
	// reached nobody: no contact of their own and no notify.fallback.
	Unreached      []string
	UnreachedItems int
}

// Notify sends each recipient one digest of what is new for them: the
// reminders that reached a step (remind.before, the day, overdue) and the
// open findings at or above notify.min-severity of the assets and
// mappings their owner holds; items of owners with no contact, findings
// of high severity or worse, and items open notify.escalate-after past
// due (naming their owner) go to notify.fallback. A step of an item
// reaches a recipient at most once: each delivery is recorded with its
// items in one transaction, and what failed waits for the next run.
//
// It walks the inventory a chunk at a time and queues the items in a
// temporary file, so its memory does not grow with the inventory.
func (s *Service) Notify(ctx context.Context, req NotifyRequest) (NotifySummary, error) {
	var sum NotifySummary
	if req.Deliver == nil && !req.DryRun {
		return sum, errors.New("notify: nothing to deliver with")
	}
	policy, err := s.store.Policy(ctx)
	if err != nil {
		return sum, err
	}
	owners, err := s.store.Owners(ctx)
	if err != nil {
		return sum, err
	}
	q, err := notify.NewQueue()
	if err != nil {
		return sum, err
	}
	defer q.Close()
	p := planner{policy: policy, contacts: contactsByName(owners), word: req.Word, queue: q, unreached: map[string]bool{}}
	var within inventory.Duration = inventory.Day
	if len(policy.RemindBefore) > 0 {
		within += slices.Max(policy.RemindBefore)
	}
	err = s.Each(ctx, Judging{Findings: true, Reminders: true, Within: within, Notices: true}, p.plan)
	if err != nil {
		return sum, err
	}
	for o := range p.unreached {
		sum.Unreached = append(sum.Unreached, o)
	}
	slices.Sort(sum.Unreached)
	sum.UnreachedItems = p.unreachedItems
	now := s.now()
	for _, to := range q.Recipients() {
		rec := inventory.Delivery{Recipient: to.Name(), Channel: to.Channel, SentAt: now}
		items, more, err := q.Collect(to, notify.MaxItems, func(it notify.Item) {
			if !req.DryRun {
				rec.Items = append(rec.Items, it.Sent(rec.Recipient))
			}
		})
		if err != nil {
			return sum, err
		}
		out := NotifyOutcome{Digest: notify.Digest{To: to, At: now, Items: items, More: more}}
		sum.Digests++
		sum.Items += len(items) + more
		if !req.DryRun {
			if out.Err = req.Deliver(ctx, out.Digest); out.Err == nil {
				if err := s.update(ctx, func(w inventory.Writer) error { return w.RecordDelivery(ctx, &rec) }); err != nil {
					return sum, err
				}
				out.Sent = true
				sum.Sent++
			} else if ctx.Err() != nil {
				return sum, ctx.Err()
			} else {
				sum.Failed++
			}
		}
		if req.Each != nil {
			if err := req.Each(out); err != nil {
				return sum, err
			}
		}
	}
	return sum, nil
}

// planner decides, chunk by chunk, which items go to whom, and queues
// those the sent-log does not hold.
type planner struct {
	policy         inventory.Policy
	contacts       map[string]inventory.Owner
	word           func(lifecycle.Step) string
	queue          *notify.Queue
	unreached      map[string]bool
	unreachedItems int
	// sent holds the chunk's sent-log: item, step and recipient.
	sent map[[3]string]bool
}

func contactsByName(owners []inventory.Owner) map[string]inventory.Owner {
	m := make(map[string]inventory.Owner, len(owners))
	for _, o := range owners {
		m[ownerKey(o.Name)] = o
	}
	return m
}

// ownerKey compares owner names as the store does: trimmed, in any case.
func ownerKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

func (p *planner) plan(part Part) error {
	p.sent = make(map[[3]string]bool, len(part.Notices.Sent))
	for _, s := range part.Notices.Sent {
		p.sent[[3]string{s.Item, s.Step, s.Recipient}] = true
	}
	for _, r := range part.Reminders {
		if err := p.reminder(r, part.Notices); err != nil {
			return err
		}
	}
	min := lifecycle.Severity(p.policy.Notify.MinSeverity)
	for _, f := range part.Findings {
		if !f.Severity.AtLeast(min) && !f.Severity.AtLeast(lifecycle.SeverityHigh) {
			continue
		}
		if err := p.finding(f, part.Notices, min); err != nil {
			return err
		}
	}
	return nil
}

func (p *planner) reminder(r lifecycle.Reminder, n Notices) error {
	before := p.policy.RemindBefore
	if r.Kind == lifecycle.ReminderReview {
		before = nil // reviews have no remind.before steps (lifecycle.Reminders)
	}
	step, ok := notify.ReminderStep(r.DaysLeft, before)
	if !ok {
		return nil
	}
	owner := n.Owners[r.AssetID]
	if o := n.MappingOwners[r.MappingID]; r.MappingID != 0 && o != "" {
		owner = o
	}
	todo := p.todo(r.Steps)
	it := notify.ReminderItem(r, owner, step, todo)
	fb := p.policy.Notify.Fallback
	if !r.Overdue || fb == "" || !notify.Escalates(-r.DaysLeft, p.policy.Notify.EscalateAfter) {
		return p.toOwner(it)
	}
	// Escalated: the fallback gets the escalation, and the owner's own
	// contacts (other than the fallback) the overdue item.
	fallback := notify.Contact(fb)
	for _, to := range p.recipientsOf(owner) {
		if to != fallback {
			if err := p.add(to, it); err != nil {
				return err
			}
		}
	}
	it.Step = notify.StepEscalated
	return p.add(fallback, it)
}

func (p *planner) finding(f lifecycle.Finding, n Notices, min lifecycle.Severity) error {
	it := notify.FindingItem(f, n.Owners[f.AssetID], p.todo(f.Steps))
	if f.MappingID != 0 && n.MappingOwners[f.MappingID] != "" {
		it.Owner = n.MappingOwners[f.MappingID]
	}
	var mine []notify.Recipient
	if f.Severity.AtLeast(min) {
		mine = p.recipientsOf(it.Owner)
		if len(mine) == 0 && p.policy.Notify.Fallback == "" {
			p.missed(it.Owner)
			return nil
		}
	}
	if fb := p.policy.Notify.Fallback; fb != "" && (len(mine) == 0 || f.Severity.AtLeast(lifecycle.SeverityHigh)) {
		if to := notify.Contact(fb); !slices.Contains(mine, to) {
			mine = append(mine, to)
		}
	}
	for _, to := range mine {
		if err := p.add(to, it); err != nil {
			return err
		}
	}
	return nil
}

// toOwner queues it for its owner's contacts, or the fallback when the
// owner has none.
func (p *planner) toOwner(it notify.Item) error {
	to := p.recipientsOf(it.Owner)
	if len(to) == 0 {
		if p.policy.Notify.Fallback == "" {
			p.missed(it.Owner)
			return nil
		}
		to = []notify.Recipient{notify.Contact(p.policy.Notify.Fallback)}
	}
	for _, r := range to {
		if err := p.add(r, it); err != nil {
			return err
		}
	}
	return nil
}

func (p *planner) missed(owner string) {
	p.unreached[owner] = true
	p.unreachedItems++
}

// recipientsOf lists an owner's contacts: none when the owner is unnamed
// or has none.
func (p *planner) recipientsOf(owner string) []notify.Recipient {
	o, ok := p.contacts[ownerKey(owner)]
	if !ok || owner == "" {
		return nil
	}
	var out []notify.Recipient
	if o.Email != "" {
		out = append(out, notify.Recipient{Channel: "email", Address: o.Email})
	}
	if o.Webhook != "" {
		out = append(out, notify.Recipient{Channel: "webhook", Address: o.Webhook})
	}
	return out
}

// add queues it for to unless the sent-log holds it.
func (p *planner) add(to notify.Recipient, it notify.Item) error {
	if p.sent[[3]string{it.Key, it.Step, to.Name()}] {
		return nil
	}
	return p.queue.Add(to, it)
}

func (p *planner) todo(steps []lifecycle.Step) string {
	if p.word == nil {
		return ""
	}
	return lifecycle.WordSteps(steps, p.word)
}
