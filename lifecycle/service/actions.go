package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// IDRef names an asset by its id, as the service's methods take assets:
// by what a person types (a tag, a hostname, or "#ID"; see
// inventory.Reader.FindAsset).
func IDRef(id int64) string { return fmt.Sprintf("#%d", id) }

// AddAsset stores a new asset (a.ID is set) and, when it starts at the end
// of its life, its checklist.
func (s *Service) AddAsset(ctx context.Context, a *inventory.Asset, reason string) error {
	return s.update(ctx, func(w inventory.Writer) error {
		if err := w.CreateAsset(ctx, a, reason); err != nil {
			return err
		}
		return syncChecklist(ctx, w, a.ID)
	})
}

// UpdateAsset changes the asset ref names with change, and keeps its
// checklist in step. The stage cannot change here: that is ChangeStage,
// with its guards. It returns the asset as stored and whether anything
// changed.
func (s *Service) UpdateAsset(ctx context.Context, ref string, change func(a *inventory.Asset) error, reason string) (inventory.Asset, bool, error) {
	var a inventory.Asset
	var changed bool
	err := s.update(ctx, func(w inventory.Writer) error {
		var err error
		if a, err = w.FindAsset(ctx, ref); err != nil {
			return err
		}
		if err := change(&a); err != nil {
			return err
		}
		if changed, err = w.UpdateAsset(ctx, &a, reason); err != nil || !changed {
			return err
		}
		return syncChecklist(ctx, w, a.ID)
	})
	return a, changed, err
}

// Refused is the error of a stage change that was not allowed: Decisions
// holds the decision about every asset asked for, allowed or not, and
// nothing was changed.
type Refused struct {
	Decisions []lifecycle.Decision
}

func (e *Refused) Error() string {
	var msgs []string
	for _, d := range e.Decisions {
		if !d.Allowed {
			msgs = append(msgs, d.Err().Error())
		}
	}
	return strings.Join(msgs, "; ")
}

// Unwrap makes a refusal an inventory.ErrRefused error.
func (e *Refused) Unwrap() error { return &inventory.Error{Kind: inventory.ErrRefused, Msg: "refused"} }

// StageFacts are what stage decisions about some assets look at, read
// at once. Deciding on them is pure and cheap, for a dialog that decides
// again at every key its user types; the move itself (ChangeStage)
// decides again on the facts as they are then.
type StageFacts struct {
	facts  []lifecycle.Facts
	policy inventory.Policy
	now    func() time.Time
}

// StageFacts reads, in one consistent read, what stage decisions about
// the assets refs names look at.
func (s *Service) StageFacts(ctx context.Context, refs []string) (f StageFacts, err error) {
	err = s.store.View(ctx, func(r inventory.Reader) error {
		f, err = s.stageFacts(ctx, r, refs)
		return err
	})
	return f, err
}

func (s *Service) stageFacts(ctx context.Context, r inventory.Reader, refs []string) (StageFacts, error) {
	f := StageFacts{now: s.now}
	var err error
	if f.policy, err = r.Policy(ctx); err != nil {
		return f, err
	}
	for _, ref := range refs {
		a, err := r.FindAsset(ctx, ref)
		if err != nil {
			return f, err
		}
		facts, err := factsOf(ctx, r, a)
		if err != nil {
			return f, err
		}
		f.facts = append(f.facts, facts)
	}
	return f, nil
}

// Assets are the assets the facts are about, in the order asked for.
func (f StageFacts) Assets() []inventory.Asset {
	out := make([]inventory.Asset, len(f.facts))
	for i, facts := range f.facts {
		out[i] = facts.Asset
	}
	return out
}

// Decide says, for each asset, what would happen if it moved as req asks.
func (f StageFacts) Decide(req lifecycle.Request) []lifecycle.Decision {
	now := f.now()
	out := make([]lifecycle.Decision, len(f.facts))
	for i, facts := range f.facts {
		out[i] = lifecycle.Decide(facts, req, f.policy, now)
	}
	return out
}

// Decide says what would happen if the assets refs names moved as req
// asks, without moving them.
func (s *Service) Decide(ctx context.Context, refs []string, req lifecycle.Request) ([]lifecycle.Decision, error) {
	f, err := s.StageFacts(ctx, refs)
	if err != nil {
		return nil, err
	}
	return f.Decide(req), nil
}

// ChangeStage moves the assets refs names as req asks, all in one
// transaction: each is judged on the facts as they are inside it, and when
// any move is refused none is made and the error is a *Refused. Each
// moved asset's checklist follows its new stage.
func (s *Service) ChangeStage(ctx context.Context, refs []string, req lifecycle.Request) ([]lifecycle.Decision, error) {
	req.Reason = strings.TrimSpace(req.Reason)
	var decisions []lifecycle.Decision
	err := s.update(ctx, func(w inventory.Writer) error {
		facts, err := s.stageFacts(ctx, w, refs)
		if err != nil {
			return err
		}
		decisions = facts.Decide(req)
		for _, d := range decisions {
			if !d.Allowed {
				return &Refused{Decisions: decisions}
			}
		}
		for i, ref := range refs {
			a, err := w.FindAsset(ctx, ref)
			if err != nil {
				return err
			}
			if err := w.SetStage(ctx, a.ID, req.To, req.Reason, decisions[i].Forced); err != nil {
				return err
			}
			if err := syncChecklist(ctx, w, a.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return decisions, err
}

// Tick marks a checklist item of the asset done by hand. Items that need
// evidence need it, and items only a check may tick (power down, mapping
// closed) refuse.
func (s *Service) Tick(ctx context.Context, ref, itemID, evidence string) error {
	return s.update(ctx, func(w inventory.Writer) error {
		a, items, err := checklistOf(ctx, w, ref)
		if err != nil {
			return err
		}
		if _, err := lifecycle.Tick(items, itemID, evidence, s.actor, s.now()); err != nil {
			return err
		}
		return w.CompleteItem(ctx, a.ID, itemID, strings.TrimSpace(evidence))
	})
}

// TickProblem says why an item could not be ticked with this evidence, or
// nil: for a form that checks as its user types.
func (s *Service) TickProblem(it inventory.ChecklistItem, evidence string) error {
	_, err := lifecycle.Tick([]inventory.ChecklistItem{it}, it.ID, evidence, s.actor, s.now())
	return err
}

// Untick reopens a done checklist item: a wrong tick is undone with a
// reason, which history keeps.
func (s *Service) Untick(ctx context.Context, ref, itemID, reason string) error {
	return s.update(ctx, func(w inventory.Writer) error {
		a, items, err := checklistOf(ctx, w, ref)
		if err != nil {
			return err
		}
		if err := lifecycle.Untick(items, itemID, reason); err != nil {
			return err
		}
		return w.ReopenItem(ctx, a.ID, itemID, strings.TrimSpace(reason))
	})
}

// checklistOf finds an asset and its checklist, which must not be empty.
func checklistOf(ctx context.Context, r inventory.Reader, ref string) (inventory.Asset, []inventory.ChecklistItem, error) {
	a, err := r.FindAsset(ctx, ref)
	if err != nil {
		return a, nil, err
	}
	items, err := r.Checklist(ctx, a.ID)
	if err == nil && len(items) == 0 {
		err = inventory.Errorf(inventory.ErrNotFound, "%s has no end-of-life checklist (it is %s)", a.Ref(), a.Stage)
	}
	return a, items, err
}

// RecordSanitization stores how the asset's media were sanitized and
// ticks its sanitize-media item with the record as evidence.
func (s *Service) RecordSanitization(ctx context.Context, ref string, rec inventory.Sanitization) error {
	return s.update(ctx, func(w inventory.Writer) error {
		a, err := w.FindAsset(ctx, ref)
		if err != nil {
			return err
		}
		rec.AssetID = a.ID
		if err := w.RecordSanitization(ctx, &rec); err != nil {
			return err
		}
		items, err := w.Checklist(ctx, a.ID)
		if err != nil {
			return err
		}
		for _, it := range items {
			if it.ID == lifecycle.ItemSanitizeMedia && !it.Done {
				return w.CompleteItem(ctx, a.ID, it.ID, lifecycle.SanitizationEvidence(rec))
			}
		}
		return nil
	})
}

// AddMapping records a port mapping of the asset ref names (m.AssetID and
// m.ID are set) and gives it a checklist item when the asset is being
// decommissioned.
func (s *Service) AddMapping(ctx context.Context, ref string, m *inventory.PortMapping, reason string) error {
	return s.update(ctx, func(w inventory.Writer) error {
		a, err := w.FindAsset(ctx, ref)
		if err != nil {
			return err
		}
		m.AssetID = a.ID
		if err := w.AddMapping(ctx, m, reason); err != nil {
			return err
		}
		return syncChecklist(ctx, w, a.ID)
	})
}

// UpdateMapping changes an open port mapping with change, and keeps its
// asset's checklist in step. It reports whether anything changed.
func (s *Service) UpdateMapping(ctx context.Context, id int64, change func(m *inventory.PortMapping), reason string) (bool, error) {
	var changed bool
	err := s.update(ctx, func(w inventory.Writer) error {
		m, err := w.Mapping(ctx, id)
		if err != nil {
			return err
		}
		change(&m)
		m.ID = id
		if changed, err = w.UpdateMapping(ctx, &m, reason); err != nil || !changed {
			return err
		}
		return syncChecklist(ctx, w, m.AssetID)
	})
	return changed, err
}

// CloseMapping records a port mapping closed, with evidence. The next
// check that finds it silent ticks its checklist item.
func (s *Service) CloseMapping(ctx context.Context, id int64, evidence string) error {
	return s.update(ctx, func(w inventory.Writer) error {
		m, err := w.Mapping(ctx, id)
		if err != nil {
			return err
		}
		if err := w.CloseMapping(ctx, id, strings.TrimSpace(evidence)); err != nil {
			return err
		}
		return syncChecklist(ctx, w, m.AssetID)
	})
}

// SetPolicy sets one policy key, validated.
func (s *Service) SetPolicy(ctx context.Context, key, value string) error {
	if err := inventory.ValidatePolicyValue(key, value); err != nil {
		return err
	}
	return s.update(ctx, func(w inventory.Writer) error { return w.SetPolicyValue(ctx, key, value) })
}
