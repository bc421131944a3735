package storetest

import (
	"reflect"

	"github.com/sunset-tui/sunset/inventory"
)

func (e *env) policyValues() map[string]string {
	e.t.Helper()
	v, err := e.s.PolicyValues(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

func (e *env) setPolicy(key, value string) error {
	return e.s.Update(ctx, func(w inventory.Writer) error { return w.SetPolicyValue(ctx, key, value) })
}

var policyCases = []suiteCase{
	{"Policy/DefaultsForUnsetKeys", func(e *env) {
		values := e.policyValues()
		for _, k := range inventory.PolicyKeys {
			if v, ok := values[k.Name]; !ok || v != k.Default {
				e.t.Fatalf("PolicyValues[%s] = %q (present %v), want the default %q", k.Name, v, ok, k.Default)
			}
		}
		p, err := e.s.Policy(ctx)
		if err != nil {
			e.t.Fatal(err)
		}
		if !reflect.DeepEqual(p, inventory.DefaultPolicy()) {
			e.t.Fatalf("Policy = %+v, want the default", p)
		}
	}},
	{"Policy/SetStoresRawTextAndParses", func(e *env) {
		if err := e.setPolicy("scan.scope", "127.0.0.0/8, 192.0.2.0/24"); err != nil {
			e.t.Fatal(err)
		}
		if err := e.setPolicy("idle.after", "30d"); err != nil {
			e.t.Fatal(err)
		}
		values := e.policyValues()
		if values["scan.scope"] != "127.0.0.0/8, 192.0.2.0/24" || values["idle.after"] != "30d" {
			e.t.Fatalf("PolicyValues = %v, want the text as set", values)
		}
		if values["check.fresh"] != "24h" {
			e.t.Fatalf("check.fresh = %q, want the default still", values["check.fresh"])
		}
		p, err := e.s.Policy(ctx)
		if err != nil {
			e.t.Fatal(err)
		}
		if len(p.Scope) != 2 || p.Scope[1].String() != "192.0.2.0/24" || p.IdleAfter != 30*inventory.Day {
			e.t.Fatalf("Policy = %+v", p)
		}
	}},
	{"Policy/RefusesBadValueAndUnknownKey", func(e *env) {
		e.wantErr(e.setPolicy("idle.after", "soon"), inventory.ErrInvalid, "idle.after", "soon")
		e.wantErr(e.setPolicy("scan.scope", "0.0.0.0/0"), inventory.ErrInvalid, "scan.scope")
		e.wantErr(e.setPolicy("scan.speed", "fast"), inventory.ErrInvalid, "scan.speed", "unknown policy key")
		if v := e.policyValues(); v["idle.after"] != "90d" || v["scan.scope"] != "" {
			e.t.Fatalf("refused values were stored: %v", v)
		}
	}},
	{"Policy/DiscoverMustStayInsideScope", func(e *env) {
		e.wantErr(e.setPolicy("scan.discover", "192.0.2.0/24"), inventory.ErrInvalid, "scan.discover", "outside scan.scope")
		if err := e.setPolicy("scan.scope", "127.0.0.0/8"); err != nil {
			e.t.Fatal(err)
		}
		e.wantErr(e.setPolicy("scan.discover", "192.0.2.0/24"), inventory.ErrInvalid, "scan.discover", "outside scan.scope")
		if err := e.setPolicy("scan.discover", "127.0.0.0/24"); err != nil {
			e.t.Fatalf("discover inside scope refused: %v", err)
		}
		// Narrowing the scope may not strand the discover range outside it.
		e.wantErr(e.setPolicy("scan.scope", "192.0.2.0/24"), inventory.ErrInvalid, "scan.discover")
		if v := e.policyValues(); v["scan.scope"] != "127.0.0.0/8" || v["scan.discover"] != "127.0.0.0/24" {
			e.t.Fatalf("policy after refusals = %v", v)
		}
	}},
}
