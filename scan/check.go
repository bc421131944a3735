package scan

import (
	"context"
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// SeenPortsWithin is how far back earlier checks' open ports are probed
// again.
const SeenPortsWithin = 365 * 24 * time.Hour

// CheckRequest says what `sunset check` was asked to do.
type CheckRequest struct {
	// Only names assets (tag, hostname, id) or addresses, CIDRs and DNS
	// names; empty means a full check.
	Only []string
	// Actor is who ran the check, for the record.
	Actor string
	// Resolver resolves DNS names in Only; nil means the system's.
	Resolver Resolver
	// OnProgress, when set, is called as nmap reports progress.
	OnProgress func(Progress)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Check plans a check from the store's inventory and policy, runs it,
// matches what it saw to assets and stores the check with its observations
// in one transaction (which also moves each answering asset's last-seen).
//
// A check refused before nmap runs (empty scope, a named target outside
// it, nothing to check) stores nothing. A partial check is stored, marked
// partial, and returned without error. The result is stored even when ctx
// was cancelled: what nmap completed is kept.
func Check(ctx context.Context, store inventory.Store, runner Runner, req CheckRequest) (Result, error) {
	plan, err := PlanFromStore(ctx, store, req)
	if err != nil {
		return Result{Check: inventory.Check{NotChecked: plan.NotChecked}}, err
	}
	res, err := runner.Run(ctx, plan, req.OnProgress)
	if err != nil {
		return Result{}, err
	}
	res.Check.Actor = req.Actor
	res.Check.NotChecked = append(res.Check.NotChecked, plan.NotChecked...)
	return Save(ctx, store, res)
}

// PlanFromStore makes the plan Check would run, from the store's assets,
// mappings, policy and the ports earlier checks saw open, so a caller (the
// TUI) can show it before running it. A plan with nothing to scan is an
// inventory.ErrRefused error; the plan is still returned for its
// NotChecked list.
func PlanFromStore(ctx context.Context, r inventory.Reader, req CheckRequest) (Plan, error) {
	now := req.Now
	if now == nil {
		now = time.Now
	}
	policy, err := r.Policy(ctx)
	if err != nil {
		return Plan{}, err
	}
	if len(policy.Scope) == 0 {
		return Plan{}, ErrNoScope
	}
	assets, err := r.Assets(ctx, inventory.AssetFilter{})
	if err != nil {
		return Plan{}, err
	}
	mappings, err := r.Mappings(ctx, inventory.MappingFilter{})
	if err != nil {
		return Plan{}, err
	}
	seen, err := seenPorts(ctx, r, assets, req.Only, now().Add(-SeenPortsWithin))
	if err != nil {
		return Plan{}, err
	}
	plan, err := NewPlan(ctx, PlanInput{Assets: assets, Mappings: mappings, Policy: policy,
		SeenPorts: seen, Only: req.Only, Now: now(), Resolver: req.Resolver})
	if err != nil {
		return Plan{}, err
	}
	if plan.Empty() {
		return plan, inventory.Errorf(inventory.ErrRefused, "nothing to check inside scan.scope (%d not checked); "+
			"widen the scope, e.g. `sunset policy set scan.scope 192.0.2.0/24`", len(plan.NotChecked))
	}
	return plan, nil
}

// Save matches a result's observations to the store's assets (filling in
// AssetID and Conflict, and adding to Conflicts) and stores the check and
// its observations in one transaction. It goes on when ctx is cancelled,
// so that what an interrupted check learned is kept.
func Save(ctx context.Context, store inventory.Store, res Result) (Result, error) {
	ctx = context.WithoutCancel(ctx)
	assets, err := store.Assets(ctx, inventory.AssetFilter{})
	if err != nil {
		return Result{}, err
	}
	obs, conflicts := Match(res.Observations, assets)
	res.Observations, res.Conflicts = obs, append(res.Conflicts, conflicts...)
	tally(&res.Check, obs)
	if res.Check.NotChecked == nil {
		res.Check.NotChecked = []inventory.NotChecked{}
	}
	err = store.Update(ctx, func(w inventory.Writer) error {
		return w.SaveCheck(ctx, &res.Check, res.Observations)
	})
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// seenPortsLimit bounds how many recent observations per asset are read
// for the ports it had open.
const seenPortsLimit = 32

// seenPorts collects, for each asset the check may cover, the TCP ports
// recent checks saw open on it.
func seenPorts(ctx context.Context, r inventory.Reader, assets []inventory.Asset, only []string, since time.Time) (map[int64][]int, error) {
	out := map[int64][]int{}
	for _, a := range dueAssets(assets, only) {
		obs, err := r.Observations(ctx, inventory.ObservationFilter{AssetID: a.ID, Since: since, Limit: seenPortsLimit})
		if err != nil {
			return nil, err
		}
		have := map[int]bool{}
		for _, o := range obs {
			for _, p := range o.OpenPorts() {
				if (p.Protocol == "" || p.Protocol == "tcp") && !have[p.Number] {
					have[p.Number] = true
					out[a.ID] = append(out[a.ID], p.Number)
				}
			}
		}
	}
	return out, nil
}

// dueAssets lists the assets a check may cover: those named, or for a
// full check those in CheckedStages. NewPlan reports refs that name none.
func dueAssets(assets []inventory.Asset, only []string) []inventory.Asset {
	var out []inventory.Asset
	if len(only) == 0 {
		for _, a := range assets {
			if slices.Contains(CheckedStages, a.Stage) {
				out = append(out, a)
			}
		}
		return out
	}
	for _, ref := range only {
		if a, found, _ := findAsset(assets, ref); found {
			out = append(out, a)
		}
	}
	return out
}
