package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// A stage change of many assets reads what their decisions look at a
// chunk of assets at a time, a query each for the chunk's assets,
// checklists, sanitization records and evidence, rather than a handful of
// queries per asset: a hundred thousand assets are read in seconds.

// StageFactsOf reads, in one consistent read, what stage decisions about
// the assets with ids look at, as StageFacts does for refs. progress, when
// not nil, is told after each chunk how many of the assets are read.
func (s *Service) StageFactsOf(ctx context.Context, ids []int64, progress func(done int)) (f StageFacts, err error) {
	err = s.store.View(ctx, func(r inventory.Reader) error {
		f, err = s.stageFactsOf(ctx, r, ids, progress)
		return err
	})
	return f, err
}

func (s *Service) stageFactsOf(ctx context.Context, r inventory.Reader, ids []int64, progress func(int)) (StageFacts, error) {
	f := StageFacts{now: s.now, facts: make([]lifecycle.Facts, 0, len(ids))}
	var err error
	if f.policy, err = r.Policy(ctx); err != nil {
		return f, err
	}
	mappings, err := mappingsByAsset(ctx, r)
	if err != nil {
		return f, err
	}
	for start := 0; start < len(ids); start += chunkAssets {
		chunk := ids[start:min(start+chunkAssets, len(ids))]
		facts, err := factsOfChunk(ctx, r, chunk, mappings)
		if err != nil {
			return f, err
		}
		f.facts = append(f.facts, facts...)
		if progress != nil {
			progress(len(f.facts))
		}
	}
	return f, nil
}

// mappingsByAsset reads every port mapping, by the asset it belongs to.
func mappingsByAsset(ctx context.Context, r inventory.Reader) (map[int64][]inventory.PortMapping, error) {
	all, err := r.Mappings(ctx, inventory.MappingFilter{})
	if err != nil {
		return nil, err
	}
	out := map[int64][]inventory.PortMapping{}
	for _, m := range all {
		out[m.AssetID] = append(out[m.AssetID], m)
	}
	return out, nil
}

// factsOfChunk reads the facts of the assets with ids, in that order, as
// factsOf reads those of one.
func factsOfChunk(ctx context.Context, r inventory.Reader, ids []int64, mappings map[int64][]inventory.PortMapping) ([]lifecycle.Facts, error) {
	filter := inventory.AssetFilter{IDs: ids}
	found, err := r.AssetsAfter(ctx, filter, 0, 0)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]inventory.Asset, len(found))
	for _, a := range found {
		byID[a.ID] = a
	}
	assets := make([]inventory.Asset, len(ids))
	var chunkMappings []inventory.PortMapping
	for i, id := range ids {
		a, ok := byID[id]
		if !ok {
			return nil, inventory.Errorf(inventory.ErrNotFound, "no asset %s", IDRef(id))
		}
		assets[i] = a
		chunkMappings = append(chunkMappings, mappings[id]...)
	}
	checklists, err := r.Checklists(ctx, filter)
	if err != nil {
		return nil, err
	}
	sanitizations, err := r.Sanitizations(ctx, filter)
	if err != nil {
		return nil, err
	}
	ev, err := evidenceAbout(ctx, r, assets, chunkMappings, time.Time{})
	if err != nil {
		return nil, err
	}
	evidenceOf := ev.ByAsset(assets, chunkMappings)
	out := make([]lifecycle.Facts, len(assets))
	for i, a := range assets {
		out[i] = lifecycle.Facts{Asset: a, Checklist: checklists[a.ID], Mappings: mappings[a.ID], Evidence: evidenceOf[a.ID]}
		if rec, ok := sanitizations[a.ID]; ok {
			out[i].Sanitization = &rec
		}
	}
	return out, nil
}

// Len is how many assets the facts are about.
func (f StageFacts) Len() int { return len(f.facts) }

// DecideEach decides req for each asset in turn, as Decide does, handing
// each decision to emit with the asset's position; it stops early, with
// ctx's error, when ctx ends. For a front end that judges a large
// selection in the background without holding every decision.
func (f StageFacts) DecideEach(ctx context.Context, req lifecycle.Request, emit func(i int, d lifecycle.Decision)) error {
	now := f.now()
	for i, facts := range f.facts {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		emit(i, lifecycle.Decide(facts, req, f.policy, now))
	}
	return nil
}

// Asset is the i-th asset the facts are about.
func (f StageFacts) Asset(i int) inventory.Asset { return f.facts[i].Asset }

// ChangeStages is ChangeStage for many assets named by id, read and
// written a chunk at a time inside the one transaction: each is judged on
// the facts as they are inside it, and when any move is refused none is
// made and the error is a *Refused. progress, when not nil, is told how
// many assets are judged, then how many are moved.
func (s *Service) ChangeStages(ctx context.Context, ids []int64, req lifecycle.Request, progress func(done int)) ([]lifecycle.Decision, error) {
	req.Reason = strings.TrimSpace(req.Reason)
	var decisions []lifecycle.Decision
	err := s.update(ctx, func(w inventory.Writer) error {
		facts, err := s.stageFactsOf(ctx, w, ids, progress)
		if err != nil {
			return err
		}
		decisions = facts.Decide(req)
		for _, d := range decisions {
			if !d.Allowed {
				return &Refused{Decisions: decisions}
			}
		}
		for start := 0; start < len(ids); start += chunkAssets {
			end := min(start+chunkAssets, len(ids))
			if err := moveChunk(ctx, w, facts.facts[start:end], decisions[start:end], req); err != nil {
				return err
			}
			if progress != nil {
				progress(end)
			}
		}
		return nil
	})
	return decisions, err
}

// moveChunk moves each asset of a chunk as decided, and keeps the
// checklists of those that now need one in step, as syncChecklist does for
// one asset, written in one go.
func moveChunk(ctx context.Context, w inventory.Writer, facts []lifecycle.Facts, decisions []lifecycle.Decision, req lifecycle.Request) error {
	lists := map[int64][]inventory.ChecklistItem{}
	for i, f := range facts {
		a := f.Asset
		if err := w.SetStage(ctx, a.ID, req.To, req.Reason, decisions[i].Forced); err != nil {
			return err
		}
		a.Stage = req.To
		if !lifecycle.ChecklistApplies(a.Stage) {
			continue
		}
		items := lifecycle.CarrySanitization(f.Checklist, lifecycle.Checklist(a, f.Mappings, f.Checklist), f.Sanitization)
		if lifecycle.ChecklistChanged(f.Checklist, items) {
			lists[a.ID] = items
		}
	}
	if len(lists) == 0 {
		return nil
	}
	return w.PutChecklists(ctx, lists)
}

// DismissAll dismisses the unknown devices that answered at addresses,
// each with the one reason, in one transaction: all of them, or, when any
// address is no unknown device or the reason will not do, none.
func (s *Service) DismissAll(ctx context.Context, addresses []string, reason string) ([]inventory.Dismissal, error) {
	var out []inventory.Dismissal
	err := s.update(ctx, func(w inventory.Writer) error {
		unknowns, err := s.unknownsAt(ctx, w, addresses)
		if err != nil {
			return err
		}
		now := s.now()
		for _, u := range unknowns {
			d, err := lifecycle.Dismiss(u.Finding, reason, s.actor, now)
			if err != nil {
				return err
			}
			if err := w.Dismiss(ctx, &d); err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		out = nil
	}
	return out, err
}

// AdoptAll adds the unknown devices that answered at addresses to the
// inventory in one transaction, as Adopt adds one: each drafted from what
// it answered, completed by fill (which sees the device), stored with an
// "adopted" event. All of them are adopted, or none.
func (s *Service) AdoptAll(ctx context.Context, addresses []string, fill func(a *inventory.Asset, u Unknown) error) ([]inventory.Asset, error) {
	var out []inventory.Asset
	err := s.update(ctx, func(w inventory.Writer) error {
		unknowns, err := s.unknownsAt(ctx, w, addresses)
		if err != nil {
			return err
		}
		for _, u := range unknowns {
			a, err := u.Draft()
			if err != nil {
				return err
			}
			if err := fill(&a, u); err != nil {
				return err
			}
			o := u.Observation
			if err := w.CreateAsset(ctx, &a, fmt.Sprintf("adopted from check #%d", o.CheckID)); err != nil {
				return fmt.Errorf("adopting %s: %w", o.Address, err)
			}
			if err := w.AddEvent(ctx, &inventory.Event{AssetID: a.ID, Action: inventory.ActionAdopted,
				Reason: fmt.Sprintf("answered at %s in check #%d", o.Address, o.CheckID)}); err != nil {
				return err
			}
			if err := syncChecklist(ctx, w, a.ID); err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		out = nil
	}
	return out, err
}

// unknownsAt judges the unknown devices at addresses at once, in the order
// given, each address once: the judgement UnknownAt makes of one, with one
// read of the evidence for all. An address at which no unknown device
// answered is an ErrNotFound naming it.
func (s *Service) unknownsAt(ctx context.Context, r inventory.Reader, addresses []string) ([]Unknown, error) {
	var addrs []string
	seen := map[string]bool{}
	for _, a := range addresses {
		ip, err := inventory.NormalizeIP(a)
		if err != nil {
			return nil, inventory.FieldError("address", "%v", err)
		}
		if !seen[ip] {
			seen[ip] = true
			addrs = append(addrs, ip)
		}
	}
	if len(addrs) == 0 {
		return nil, nil
	}
	mappings, err := r.Mappings(ctx, inventory.MappingFilter{})
	if err != nil {
		return nil, err
	}
	mapped := map[string]bool{}
	for _, m := range mappings {
		mapped[m.ExternalAddr] = true
	}
	policy, err := r.Policy(ctx)
	if err != nil {
		return nil, err
	}
	dismissals, err := r.Dismissals(ctx)
	if err != nil {
		return nil, err
	}
	found := map[string]Unknown{}
	now := s.now()
	for start := 0; start < len(addrs); start += chunkAssets {
		batch := addrs[start:min(start+chunkAssets, len(addrs))]
		known, err := knownAddresses(ctx, r, batch, mapped)
		if err != nil {
			return nil, err
		}
		ev, err := evidenceAt(ctx, r, batch)
		if err != nil {
			return nil, err
		}
		in := lifecycle.UnknownInput{Evidence: ev, Dismissals: dismissals, Known: known}
		for _, f := range lifecycle.UnknownFindings(in, policy, now) {
			found[f.Address] = Unknown{Finding: f, Observation: observationOf(f, ev)}
		}
	}
	out := make([]Unknown, 0, len(addrs))
	for _, ip := range addrs {
		u, ok := found[ip]
		if !ok {
			return nil, inventory.Errorf(inventory.ErrNotFound, "no unknown device answered at %s", ip)
		}
		out = append(out, u)
	}
	return out, nil
}
