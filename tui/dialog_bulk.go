package tui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// Addresses (or findings) a bulk dialog names before it says how many
// more there are.
const namedAddresses = 6

// addressList names some addresses (or findings) and counts the rest.
func addressList(addrs []string) string {
	shown := make([]string, 0, namedAddresses)
	for _, a := range addrs[:min(len(addrs), namedAddresses)] {
		shown = append(shown, safe.Text(a))
	}
	out := strings.Join(shown, ", ")
	if n := len(addrs) - len(shown); n > 0 {
		out += " and " + thousands(n) + " more"
	}
	return out
}

// newBulkDismissDialog dismisses many unknown devices with one reason, in
// one write: all of them, or none.
func newBulkDismissDialog(c *common, addrs []string) dialog {
	addrs = append([]string(nil), addrs...)
	f := newForm(c, "Dismiss "+thousands(len(addrs))+" unknown devices")
	f.intro = []string{"At " + addressList(addrs) + ".",
		"Each stays out of the findings until it answers differently; the reason is kept with each."}
	f.add("reason", "reason", "", "why these devices may stay unknown (e.g. guest Wi-Fi phones)")
	f.validate = func(v map[string]string) map[string]string {
		if v["reason"] == "" {
			return map[string]string{"reason": "a dismissal needs a reason"}
		}
		return nil
	}
	f.submit = func(v map[string]string) tea.Cmd {
		reason := v["reason"]
		return c.act("dismissed "+thousands(len(addrs))+" unknown devices", func(ctx context.Context, svc *service.Service) error {
			_, err := svc.DismissAll(ctx, addrs, reason)
			return err
		})
	}
	return f
}

// newBulkAdoptForm adopts many unknown devices as assets of one owner and
// kind, in one write. Each keeps what its check saw (its name, MAC,
// vendor and OS guess) and is tagged with a prefix and its address.
func newBulkAdoptForm(c *common, us []unknownView) dialog {
	addrs := make([]string, len(us))
	for i := range us {
		addrs[i] = us[i].obs().Address
	}
	f := newForm(c, "Adopt "+thousands(len(us))+" unknown devices as assets")
	f.intro = []string{"At " + addressList(addrs) + ".",
		"Each keeps the name, MAC, vendor and OS its check saw; its tag is the prefix and its address."}
	f.add("owner", "owner", "", "who answers for all of them")
	f.add("kind", "kind", string(inventory.KindOther), strings.Join(kindNames(), ", "))
	f.add("tag-prefix", "tag prefix", "ADOPTED-", "e.g. CAM- tags the device at 192.0.2.7 CAM-192.0.2.7")
	// build makes the asset a device would become, to check the values
	// against what the inventory accepts.
	build := func(v map[string]string, addr string) (inventory.Asset, map[string]string) {
		a := inventory.Asset{Tag: v["tag-prefix"] + addr, Owner: v["owner"], Stage: inventory.StageActive,
			Addresses: []inventory.Address{{Kind: inventory.AddrIP, Value: addr, Primary: true}}}
		errs := map[string]string{}
		if v["owner"] == "" {
			errs["owner"] = "adopted assets need an owner"
		}
		kind, err := inventory.ParseKind(v["kind"])
		if err != nil {
			errs["kind"] = messageOf(err)
		}
		a.Kind = kind
		if len(errs) == 0 {
			if err := a.Validate(); err != nil {
				field := fieldOf(err, "tag-prefix")
				if field == "tag" {
					field = "tag-prefix"
				}
				errs[field] = messageOf(err)
			}
		}
		return a, errs
	}
	f.validate = func(v map[string]string) map[string]string {
		_, errs := build(v, addrs[0])
		return errs
	}
	f.submit = func(v map[string]string) tea.Cmd {
		sample, _ := build(v, addrs[0])
		prefix, owner, kind := v["tag-prefix"], sample.Owner, sample.Kind
		return c.act("adopted "+thousands(len(addrs))+" devices for "+safe.Text(owner), func(ctx context.Context, svc *service.Service) error {
			_, err := svc.AdoptAll(ctx, addrs, func(a *inventory.Asset, u service.Unknown) error {
				a.Tag, a.Owner, a.Kind = prefix+u.Observation.Address, owner, kind
				return nil
			})
			return err
		})
	}
	return f
}

func kindNames() []string {
	out := make([]string, len(inventory.Kinds))
	for i, k := range inventory.Kinds {
		out[i] = string(k)
	}
	return out
}
