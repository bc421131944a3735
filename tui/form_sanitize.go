package tui

import (
	"context"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// newSanitizationForm records how an asset's media were sanitized, with
// what a NIST SP 800-88 certificate needs.
func newSanitizationForm(c *common, a inventory.Asset, existing *inventory.Sanitization, today inventory.Date) dialog {
	rec := inventory.Sanitization{Date: today, Manufacturer: a.Vendor, Model: a.Model, Serial: a.Serial}
	title := "Sanitization record for " + safe.Text(a.Ref())
	if existing != nil {
		rec = *existing
		title = "Replace the sanitization record of " + safe.Text(a.Ref())
	}
	f := newForm(c, title)
	f.add("media-type", "media type", rec.MediaType, "HDD, SSD, flash, tape, …")
	f.add("manufacturer", "manufacturer", rec.Manufacturer, "")
	f.add("model", "model", rec.Model, "")
	f.add("serial", "serial", rec.Serial, "")
	f.add("method", "method", rec.Method, strings.Join(inventory.SanitizationMethods, ", "))
	f.add("technique", "technique", rec.Technique, "overwrite, block-erase, crypto-erase, degauss, shred, …")
	f.add("tool", "tool", rec.Tool, "tool name and version")
	f.add("verification", "verification", rec.Verification, "how the result was verified")
	f.add("operator", "operator", rec.Operator, "who did it")
	f.add("date", "date", rec.Date.String(), "YYYY-MM-DD")
	f.add("destination", "destination", rec.Destination, strings.Join(inventory.SanitizationDestinations, ", "))
	build := func(v map[string]string) (inventory.Sanitization, map[string]string) {
		s := inventory.Sanitization{AssetID: a.ID, MediaType: v["media-type"], Manufacturer: v["manufacturer"],
			Model: v["model"], Serial: v["serial"], Method: strings.ToLower(v["method"]), Technique: v["technique"],
			Tool: v["tool"], Verification: v["verification"], Operator: v["operator"],
			Destination: strings.ToLower(v["destination"])}
		// Every problem at once, each under its field; Validate then
		// catches anything else.
		errs := map[string]string{}
		for _, name := range []string{"media-type", "method", "technique", "verification", "operator", "destination"} {
			if v[name] == "" {
				errs[name] = "required for a sanitization record"
			}
		}
		if s.Method != "" && !slices.Contains(inventory.SanitizationMethods, s.Method) {
			errs["method"] = "want one of " + strings.Join(inventory.SanitizationMethods, ", ")
		}
		if s.Destination != "" && !slices.Contains(inventory.SanitizationDestinations, s.Destination) {
			errs["destination"] = "want one of " + strings.Join(inventory.SanitizationDestinations, ", ")
		}
		d, err := inventory.ParseDate(v["date"])
		switch {
		case err != nil:
			errs["date"] = errText(err)
		case d.IsZero():
			errs["date"] = "required for a sanitization record"
		}
		s.Date = d
		if len(errs) == 0 {
			if err := s.Validate(); err != nil {
				errs[fieldOf(err, "media-type")] = messageOf(err)
			}
		}
		return s, errs
	}
	f.validate = func(v map[string]string) map[string]string { _, errs := build(v); return errs }
	f.submit = func(v map[string]string) tea.Cmd {
		s, _ := build(v)
		ref := service.IDRef(a.ID)
		return c.act("recorded the sanitization of "+safe.Text(a.Ref()), func(ctx context.Context, svc *service.Service) error {
			return svc.RecordSanitization(ctx, ref, s)
		})
	}
	return f
}
