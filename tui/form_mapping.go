package tui

import (
	"context"
	"net"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// newMappingForm adds a port mapping to an asset.
func newMappingForm(c *common, a inventory.Asset) dialog {
	f := newForm(c, "New port mapping for "+safe.Text(a.Ref()))
	today := inventory.DateOf(c.now)
	addMappingFields(f, inventory.PortMapping{Protocol: "tcp", InternalAddr: a.PrimaryIP(), Owner: a.Owner, OpenedOn: today})
	build := mappingBuilder(a.ID)
	f.validate = func(v map[string]string) map[string]string { _, errs := build(v); return errs }
	f.submit = func(v map[string]string) tea.Cmd {
		m, _ := build(v)
		ref := service.IDRef(a.ID)
		return c.act("added port mapping "+m.External()+" to "+safe.Text(a.Ref()), func(ctx context.Context, svc *service.Service) error {
			return svc.AddMapping(ctx, ref, &m, "added in the TUI")
		})
	}
	return f
}

// newEditMappingForm changes an open port mapping, prefilled with what it
// holds now.
func newEditMappingForm(c *common, a inventory.Asset, old inventory.PortMapping) dialog {
	name := "port mapping #" + itoa(int(old.ID))
	f := newForm(c, "Edit "+name+" of "+safe.Text(a.Ref()))
	addMappingFields(f, old)
	build := mappingBuilder(a.ID)
	f.validate = func(v map[string]string) map[string]string { _, errs := build(v); return errs }
	f.submit = func(v map[string]string) tea.Cmd {
		m, _ := build(v)
		return c.actSaying("update "+name, func(ctx context.Context, svc *service.Service) (string, error) {
			changed, err := svc.UpdateMapping(ctx, old.ID, func(stored *inventory.PortMapping) { *stored = m }, "edited in the TUI")
			if err != nil || !changed {
				return name + " unchanged", err
			}
			return "updated " + name, nil
		})
	}
	return f
}

// addMappingFields adds the fields of the mapping form, holding m's values.
func addMappingFields(f *form, m inventory.PortMapping) {
	f.add("external", "external", hostPortText(m.ExternalAddr, m.ExternalPort), "ADDR:PORT exposed to the other network, e.g. 192.0.2.50:3389")
	f.add("internal", "internal", hostPortText(m.InternalAddr, m.InternalPort), "ADDR:PORT it leads to (optional)")
	f.add("proto", "protocol", m.Protocol, "tcp or udp")
	f.add("purpose", "purpose", m.Purpose, "why it exists, e.g. vendor maintenance")
	f.add("owner", "owner", m.Owner, "who answers for it")
	f.add("opened", "opened on", m.OpenedOn.String(), "YYYY-MM-DD")
	f.add("expires", "expires on", m.ExpiresOn.String(), "YYYY-MM-DD; a mapping without an end date is how forgotten forwards happen")
}

// hostPortText is "addr:port" to prefill a field with, the address alone
// while the port is unknown, or "" without an address.
func hostPortText(addr string, port int) string {
	if addr == "" || port == 0 {
		return addr
	}
	return net.JoinHostPort(addr, itoa(port))
}

// mappingBuilder reads the mapping form's values into a mapping of the
// asset, with a problem per field that is wrong.
func mappingBuilder(assetID int64) func(v map[string]string) (inventory.PortMapping, map[string]string) {
	return func(v map[string]string) (inventory.PortMapping, map[string]string) {
		m := inventory.PortMapping{AssetID: assetID, Protocol: v["proto"], Purpose: v["purpose"], Owner: v["owner"]}
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
		return c.act("closed port mapping #"+itoa(int(id)), func(ctx context.Context, svc *service.Service) error {
			return svc.CloseMapping(ctx, id, ev)
		})
	}
	return f
}
