package service

import (
	"context"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// SetOwnerContacts changes the contacts of the owner named (new ones
// start empty) with change, and stores them, in one transaction: what
// change leaves alone stays as it was.
func (s *Service) SetOwnerContacts(ctx context.Context, name string, change func(o *inventory.Owner)) (inventory.Owner, error) {
	var out inventory.Owner
	err := s.update(ctx, func(w inventory.Writer) error {
		o, err := w.Owner(ctx, name)
		if inventory.IsKind(err, inventory.ErrNotFound) {
			o, err = inventory.Owner{Name: strings.TrimSpace(name)}, nil
		}
		if err != nil {
			return err
		}
		change(&o)
		if !o.Reachable() {
			return inventory.FieldError("owner", "%s would have no contact left: give --email or --webhook, or use `owner unset %s`", o.Name, o.Name)
		}
		if err := w.SetOwner(ctx, &o); err != nil {
			return err
		}
		out = o
		return nil
	})
	return out, err
}

// UnsetOwner forgets the contacts of the owner named: their items go to
// notify.fallback.
func (s *Service) UnsetOwner(ctx context.Context, name string) error {
	return s.update(ctx, func(w inventory.Writer) error { return w.DeleteOwner(ctx, name) })
}
