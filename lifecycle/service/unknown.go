package service

import (
	"context"
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// UnknownAt is the unknown device that answered at an address, judged on
// the evidence about that address alone.
func (s *Service) UnknownAt(ctx context.Context, address string) (u Unknown, err error) {
	err = s.store.View(ctx, func(r inventory.Reader) error {
		u, err = s.unknownAt(ctx, r, address)
		return err
	})
	return u, err
}

func (s *Service) unknownAt(ctx context.Context, r inventory.Reader, address string) (Unknown, error) {
	ip, err := inventory.NormalizeIP(address)
	if err != nil {
		return Unknown{}, inventory.FieldError("address", "%v", err)
	}
	notFound := inventory.Errorf(inventory.ErrNotFound, "no unknown device answered at %s", ip)
	known, err := knownAddress(ctx, r, ip)
	if err != nil || known {
		if err == nil {
			err = notFound
		}
		return Unknown{}, err
	}
	policy, err := r.Policy(ctx)
	if err != nil {
		return Unknown{}, err
	}
	dismissals, err := r.Dismissals(ctx)
	if err != nil {
		return Unknown{}, err
	}
	ev, err := evidenceAt(ctx, r, []string{ip})
	if err != nil {
		return Unknown{}, err
	}
	fs := lifecycle.UnknownFindings(lifecycle.UnknownInput{Evidence: ev, Dismissals: dismissals,
		Known: func(string) bool { return false }}, policy, s.now())
	if len(fs) == 0 {
		return Unknown{}, notFound
	}
	return Unknown{Finding: fs[0], Observation: observationOf(fs[0], ev)}, nil
}

// knownAddress reports whether an asset or a port mapping has the address.
func knownAddress(ctx context.Context, r inventory.Reader, ip string) (bool, error) {
	mappings, err := r.Mappings(ctx, inventory.MappingFilter{})
	if err != nil {
		return false, err
	}
	mapped := map[string]bool{}
	for _, m := range mappings {
		mapped[m.ExternalAddr] = true
	}
	known, err := knownAddresses(ctx, r, []string{ip}, mapped)
	return err == nil && known(ip), err
}

// Draft is the asset an unknown device would become: its address, MAC
// and the names it gave, for a person to complete (a form prefilled with
// it; Adopt makes the same draft).
func (u Unknown) Draft() (inventory.Asset, error) { return lifecycle.Adopt(u.Observation, "") }

// Adopt adds the unknown device that answered at address to the
// inventory: drafted from what it answered, completed by fill, stored with
// an "adopted" event in its history.
func (s *Service) Adopt(ctx context.Context, address string, fill func(a *inventory.Asset) error) (inventory.Asset, error) {
	var a inventory.Asset
	err := s.update(ctx, func(w inventory.Writer) error {
		u, err := s.unknownAt(ctx, w, address)
		if err != nil {
			return err
		}
		if a, err = u.Draft(); err != nil {
			return err
		}
		if err := fill(&a); err != nil {
			return err
		}
		o := u.Observation
		if err := w.CreateAsset(ctx, &a, fmt.Sprintf("adopted from check #%d", o.CheckID)); err != nil {
			return err
		}
		if err := w.AddEvent(ctx, &inventory.Event{AssetID: a.ID, Action: inventory.ActionAdopted,
			Reason: fmt.Sprintf("answered at %s in check #%d", o.Address, o.CheckID)}); err != nil {
			return err
		}
		return syncChecklist(ctx, w, a.ID)
	})
	return a, err
}

// Dismiss records that the unknown device at address was looked at: it
// stays out of the findings until it answers differently.
func (s *Service) Dismiss(ctx context.Context, address, reason string) (inventory.Dismissal, error) {
	var d inventory.Dismissal
	err := s.update(ctx, func(w inventory.Writer) error {
		u, err := s.unknownAt(ctx, w, address)
		if err != nil {
			return err
		}
		if d, err = lifecycle.Dismiss(u.Finding, reason, s.actor, s.now()); err != nil {
			return err
		}
		return w.Dismiss(ctx, &d)
	})
	return d, err
}
