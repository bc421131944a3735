package tui

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// assetFormFields are the fields the add and edit forms offer, by their
// inventory field names.
var assetFormFields = []struct{ name, label string }{
	{"tag", "tag"}, {"hostname", "hostname"}, {"kind", "kind"}, {"stage", "stage"},
	{"owner", "owner"}, {"department", "department"}, {"location", "location"},
	{"ip", "IP addresses"}, {"mac", "MAC addresses"}, {"dns", "DNS names"},
	{"vendor", "vendor"}, {"model", "model"}, {"serial", "serial"},
	{"os", "OS"}, {"os-version", "OS version"},
	{"deployed-on", "deployed on"}, {"warranty-ends", "warranty ends"}, {"eol-on", "end of life"},
	{"last-managed-on", "last managed on"},
	{"holds-credentials", "holds credentials"}, {"credentials-ref", "credentials ref"},
	{"stores-data", "stores data"}, {"classification", "classification"}, {"approved", "approved"},
}

// newAssetForm edits existing, or adds a new asset when existing is nil
// (prefilled from draft when adopting an unknown device).
func newAssetForm(c *common, existing *inventory.Asset, adopt *unknownView) dialog {
	base := inventory.Asset{Kind: inventory.KindOther, Stage: inventory.StageActive, Source: "tui"}
	title := "New asset"
	if existing != nil {
		base = *existing
		title = "Edit " + safe.Text(existing.Ref())
	}
	if adopt != nil {
		if draft, err := adopt.device.Draft(); err == nil {
			base = draft
		} else {
			base.Addresses = []inventory.Address{{Kind: inventory.AddrIP, Value: adopt.obs().Address, Primary: true}}
			base.Source = "adopted"
		}
		title = "Adopt " + adopt.address() + " as a new asset"
	}
	f := newForm(c, title)
	if adopt != nil {
		f.intro = []string{"Prefilled from what the device answered: " + c.unknownSummary(adopt)}
	}
	for _, fd := range assetFormFields {
		if fd.name == "stage" && existing != nil {
			continue // stage changes go through the stage dialog and its guards
		}
		field, _ := inventory.LookupField(fd.name)
		f.add(fd.name, fd.label, field.Get(&base), field.Help)
	}
	build := func(v map[string]string) (inventory.Asset, map[string]string) {
		a := base
		a.Addresses = append([]inventory.Address(nil), base.Addresses...)
		errs := map[string]string{}
		for _, fd := range assetFormFields {
			val, ok := v[fd.name]
			if !ok {
				continue
			}
			field, _ := inventory.LookupField(fd.name)
			if err := field.Set(&a, val); err != nil {
				errs[fd.name] = errText(err)
			}
		}
		if len(errs) == 0 {
			if err := a.Validate(); err != nil {
				errs[fieldOf(err, "tag")] = messageOf(err)
			}
		}
		return a, errs
	}
	f.validate = func(v map[string]string) map[string]string {
		_, errs := build(v)
		return errs
	}
	// A save refused because someone changed the asset meanwhile reloads
	// it: the fields the person left show the new values, theirs stay
	// typed, and the next save applies them to the asset as it is now.
	f.refused = func(err error) (string, bool) {
		var conflict *service.EditConflict
		if existing == nil || !errors.As(err, &conflict) {
			return "", false
		}
		base = conflict.Now
		for i := range f.fields {
			if field, ok := inventory.LookupField(f.fields[i].name); ok {
				f.fields[i].rebase(field.Get(&base))
			}
		}
		return errText(err) + " — reloaded: what you did not change shows the new values; enter saves your changes onto them", true
	}
	f.submit = func(v map[string]string) tea.Cmd {
		a, _ := build(v)
		switch {
		case existing != nil:
			read := base
			return c.act("saved "+safe.Text(a.Ref()), func(ctx context.Context, svc *service.Service) error {
				// Only what the person changed is saved; a field someone
				// else changed meanwhile is refused, not overwritten.
				_, _, err := svc.SaveEdit(ctx, read, a, "edited in the TUI")
				return err
			})
		case adopt != nil:
			addr := adopt.obs().Address
			return c.act("adopted "+adopt.address()+" as "+safe.Text(a.Ref()), func(ctx context.Context, svc *service.Service) error {
				_, err := svc.Adopt(ctx, addr, func(draft *inventory.Asset) error {
					*draft = a
					return nil
				})
				return err
			})
		default:
			return c.act("added "+safe.Text(a.Ref()), func(ctx context.Context, svc *service.Service) error {
				return svc.AddAsset(ctx, &a, "added in the TUI")
			})
		}
	}
	return f
}

func newAdoptForm(c *common, u unknownView) dialog { return newAssetForm(c, nil, &u) }

// fieldOf names the field an inventory error is about, or def.
func fieldOf(err error, def string) string {
	var ie *inventory.Error
	if errors.As(err, &ie) && ie.Field != "" {
		if ie.Field == "address" {
			return "ip"
		}
		return ie.Field
	}
	return def
}

// messageOf is an inventory error's message without its field.
func messageOf(err error) string {
	var ie *inventory.Error
	if errors.As(err, &ie) && ie.Msg != "" {
		return safe.Text(ie.Msg)
	}
	return errText(err)
}
