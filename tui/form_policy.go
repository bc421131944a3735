package tui

import (
	"context"
	"maps"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// newPolicyForm edits one policy key. The value is checked as it is
// typed, on its own and with the rest of the policy (discover ranges must
// lie inside the scope), and saved through the service.
func newPolicyForm(c *common, k inventory.PolicyKey, value string, all map[string]string) dialog {
	f := newForm(c, "Policy: "+k.Name)
	def := k.Default
	if def == "" {
		def = "empty"
	}
	f.intro = []string{k.Help + ".", "Default: " + def + "."}
	if k.Name == "scan.scope" {
		f.intro = append(f.intro, "Checks scan only inside the scope; an empty scope refuses every check.")
	}
	// A webhook in notify.fallback is shown by its host and a hash, never
	// whole: left as shown, it stays as it is.
	shown := inventory.ShownPolicyValue(k.Name, value)
	kept := func(v string) bool { return shown != value && v == shown }
	if shown != value {
		f.intro = append(f.intro, "The webhook is shown by its host and a hash, as its URL may be a secret: leave it to keep it, or type a new URL.")
	}
	f.add(k.Name, "value", shown, "")
	f.validate = func(v map[string]string) map[string]string {
		if kept(v[k.Name]) {
			return nil
		}
		if problem := policyProblem(k.Name, v[k.Name], all); problem != "" {
			return map[string]string{k.Name: problem}
		}
		return nil
	}
	f.submit = func(v map[string]string) tea.Cmd {
		name, value := k.Name, v[k.Name]
		if kept(value) {
			return send(closeDialogMsg{})
		}
		return c.act("set "+name+" to "+quoteEmpty(safe.Text(inventory.ShownPolicyValue(name, value))), func(ctx context.Context, svc *service.Service) error {
			return svc.SetPolicy(ctx, name, value)
		})
	}
	return f
}

// policyProblem says what is wrong with value for key, with the rest of
// the policy as it stands in all; "" when nothing is.
func policyProblem(name, value string, all map[string]string) string {
	if err := inventory.ValidatePolicyValue(name, value); err != nil {
		return messageOf(err)
	}
	values := maps.Clone(all)
	if values == nil {
		values = map[string]string{}
	}
	values[name] = value
	if _, err := inventory.ParsePolicy(values); err != nil {
		return safe.Text(err.Error())
	}
	return ""
}

func quoteEmpty(s string) string {
	if s == "" {
		return "empty"
	}
	return s
}
