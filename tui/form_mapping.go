package tui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/tui/safe"
)

// newMappingForm adds a port mapping to an asset.
func newMappingForm(c *common, a inventory.Asset) dialog {
	f := newForm(c, "New port mapping for "+safe.Text(a.Ref()))
	today := inventory.DateOf(c.now)
	f.add("external", "external", "", "ADDR:PORT exposed to the other network, e.g. 192.0.2.50:3389")
	f.add("internal", "internal", a.PrimaryIP(), "ADDR:PORT it leads to (optional)")
	f.add("proto", "protocol", "tcp", "tcp or udp")
	f.add("purpose", "purpose", "", "why it exists, e.g. vendor maintenance")
	f.add("owner", "owner", a.Owner, "who answers for it")
	f.add("opened", "opened on", today.String(), "YYYY-MM-DD")
	f.add("expires", "expires on", "", "YYYY-MM-DD; a mapping without an end date is how forgotten forwards happen")
	build := func(v map[string]string) (inventory.PortMapping, map[string]string) {
		m := inventory.PortMapping{AssetID: a.ID, Protocol: v["proto"], Purpose: v["purpose"], Owner: v["owner"]}
		errs := map[string]string{}
		var err error
		if m.ExternalAddr, m.ExternalPort, err = inventory.ParseHostPort("external", v["external"]); err != nil {
			errs["external"] = messageOf(err)
		}
		if v["internal"] != "" {
			in := v["internal"]
			switch {
			case strings.Contains(in, ":"):
			case m.ExternalPort != 0:
				in += ":" + itoa(m.ExternalPort) // the same port inside as outside
			default:
				errs["internal"] = "add :PORT (or give the external side first: its port is the default)"
			}
			if errs["internal"] == "" {
				if m.InternalAddr, m.InternalPort, err = inventory.ParseHostPort("internal", in); err != nil {
					errs["internal"] = messageOf(err)
				}
			}
		}
		if m.OpenedOn, err = inventory.ParseDate(v["opened"]); err != nil {
			errs["opened"] = errText(err)
		}
		if m.ExpiresOn, err = inventory.ParseDate(v["expires"]); err != nil {
			errs["expires"] = errText(err)
		}
		if len(errs) == 0 {
			if err := m.Validate(); err != nil {
				errs[fieldOf(err, "external")] = messageOf(err)
			}
		}
		return m, errs
	}
	f.validate = func(v map[string]string) map[string]string { _, errs := build(v); return errs }
	f.submit = func(v map[string]string) tea.Cmd {
		m, _ := build(v)
		return c.write("added port mapping "+m.External()+" to "+safe.Text(a.Ref()), func(ctx context.Context, w inventory.Writer) error {
			if err := w.AddMapping(ctx, &m, "added in the TUI"); err != nil {
				return err
			}
			return syncChecklist(ctx, w, a.ID)
		})
	}
	return f
}

// newCloseMappingDialog records a mapping closed, with evidence.
func newCloseMappingDialog(c *common, a inventory.Asset, m inventory.PortMapping) dialog {
	f := newForm(c, "Close port mapping #"+itoa(int(m.ID))+" ("+m.External()+")")
	f.intro = []string{"Record that the forward was removed. A check after this proves it closed; " +
		"until then the retire guard counts it as unverified."}
	f.add("evidence", "evidence", "", "what was done and where the proof is (change ticket, firewall commit)")
	f.validate = func(v map[string]string) map[string]string {
		if len(v["evidence"]) > inventory.MaxShortText*4 {
			return map[string]string{"evidence": "too long"}
		}
		return nil
	}
	f.submit = func(v map[string]string) tea.Cmd {
		ev, id := v["evidence"], m.ID
		return c.write("closed port mapping #"+itoa(int(id)), func(ctx context.Context, w inventory.Writer) error {
			if err := w.CloseMapping(ctx, id, ev); err != nil {
				return err
			}
			return syncChecklist(ctx, w, a.ID)
		})
	}
	return f
}
