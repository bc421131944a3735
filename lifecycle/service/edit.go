package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// SaveEdit stores what a person changed of an asset in a form opened on
// read. Fields another writer changed since then keep their new values;
// when the person changed one of those same fields to something else,
// nothing is saved and the error (ErrConflict) names each such field,
// what it became, and who changed it when, so that nobody's change is
// overwritten unseen. The stage is not edited here: that is ChangeStage.
func (s *Service) SaveEdit(ctx context.Context, read, edited inventory.Asset, reason string) (inventory.Asset, bool, error) {
	var stored inventory.Asset
	var changed bool
	err := s.update(ctx, func(w inventory.Writer) error {
		var err error
		if stored, err = w.Asset(ctx, read.ID); err != nil {
			return err
		}
		var clashes []inventory.Change
		for _, f := range inventory.Fields {
			if f.Name == "stage" {
				continue
			}
			was, mine, now := f.Get(&read), f.Get(&edited), f.Get(&stored)
			switch {
			case mine == was || mine == now:
			case now != was:
				clashes = append(clashes, inventory.Change{Field: f.Name, From: was, To: now})
			default:
				if err := f.Set(&stored, mine); err != nil {
					return inventory.FieldError(f.Name, "%v", err)
				}
			}
		}
		if len(clashes) > 0 {
			said, err := clashesSaid(ctx, w, read, clashes)
			if err != nil {
				return err
			}
			return &EditConflict{Now: stored, Err: inventory.Errorf(inventory.ErrConflict,
				"%s was changed since you opened it: %s; reload it and make your change again", stored.Ref(), said)}
		}
		if changed, err = w.UpdateAsset(ctx, &stored, reason); err != nil || !changed {
			return err
		}
		return syncChecklist(ctx, w, stored.ID)
	})
	return stored, changed, err
}

// EditConflict is SaveEdit's refusal: Now is the asset as it is, for a
// form to reload and apply the person's changes to again.
type EditConflict struct {
	Now inventory.Asset
	Err error
}

func (e *EditConflict) Error() string { return e.Err.Error() }
func (e *EditConflict) Unwrap() error { return e.Err }

// clashesSaid words each clash as the field, what it became, and who
// changed it when, as history recorded it after read was taken.
func clashesSaid(ctx context.Context, r inventory.Reader, read inventory.Asset, clashes []inventory.Change) (string, error) {
	events, err := r.History(ctx, read.ID)
	if err != nil {
		return "", err
	}
	var out []string
	for _, c := range clashes {
		said := fmt.Sprintf("%s %q → %q", c.Field, c.From, c.To)
		var by *inventory.Event
		for i := range events {
			e := &events[i]
			if !e.At.After(read.UpdatedAt) || (by != nil && !e.At.After(by.At)) {
				continue
			}
			for _, ch := range e.Changes {
				if ch.Field == c.Field {
					by = e
				}
			}
		}
		if by != nil {
			said += fmt.Sprintf(" by %s at %s", by.Actor, by.At.UTC().Format(time.DateTime))
		}
		out = append(out, said)
	}
	return strings.Join(out, ", "), nil
}
