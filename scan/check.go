package scan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
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
	// Site is where the check runs from (inventory.Check.Site); empty
	// means DefaultSite.
	Site string
	// Resolver resolves DNS names in Only; nil means the system's.
	Resolver Resolver
	// OnProgress, when set, is called as nmap reports progress.
	OnProgress func(Progress)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Confirmed lets a check probe more than LargeCheck addresses; without
	// it such a check is refused with a *TooLarge.
	Confirmed bool
}

// LargeCheck is how many addresses a check may probe without being
// confirmed: a /16.
const LargeCheck = 65536

// TooLarge refuses a check that would probe more than LargeCheck
// addresses and was not confirmed (CheckRequest.Confirmed): a scope and a
// discover list that grew by mistake must not send a sweep of millions of
// addresses from a cron job. Its kind is inventory.ErrRefused.
type TooLarge struct {
	// Addresses is how many addresses the check would probe.
	Addresses int
}

func (e *TooLarge) Error() string {
	return fmt.Sprintf("this check would probe %s addresses (more than %s); confirm to go ahead",
		thousands(e.Addresses), thousands(LargeCheck))
}

// Unwrap lets inventory.KindOf find the kind.
func (e *TooLarge) Unwrap() error {
	return &inventory.Error{Kind: inventory.ErrRefused, Msg: e.Error()}
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Execute plans a check from the inventory and policy r holds, and runs it:
// everything a check is but its storing, which the lifecycle service does
// together with the checklist items the check proves. When nmap did not finish, the
// partial result comes with a *CheckFailed, and is still worth storing.
// When nothing can be checked, the error is a refusal and the result
// holds only the plan's NotChecked list; when nmap could not run at all,
// the result is empty.
func Execute(ctx context.Context, r inventory.Reader, runner Runner, req CheckRequest) (Result, error) {
	if err := inventory.ValidSite(req.Site); err != nil {
		return Result{}, err
	}
	plan, err := PlanFromStore(ctx, r, req)
	if err != nil {
		return Result{Check: inventory.Check{NotChecked: plan.NotChecked}}, err
	}
	res, err := runner.Run(ctx, plan, req.OnProgress)
	var failed *CheckFailed
	if err != nil && !errors.As(err, &failed) {
		return Result{}, err
	}
	res.Check.Actor = req.Actor
	res.Check.Site = req.Site
	if res.Check.Site == "" {
		res.Check.Site = DefaultSite()
	}
	res.Check.NotChecked = append(res.Check.NotChecked, plan.NotChecked...)
	return res, err
}

// PlanFromStore makes the plan Execute would run, from the store's assets,
// mappings, policy and the ports earlier checks saw open, so a caller (the
// TUI) can show it before running it. A plan with nothing to scan is an
// inventory.ErrRefused error, and so is a plan that would probe more than
// LargeCheck addresses unless req.Confirmed (a *TooLarge); the plan is
// still returned with either, for its NotChecked list and its size.
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
	if n := plan.Addresses(); n > LargeCheck && !req.Confirmed {
		return plan, &TooLarge{Addresses: n}
	}
	return plan, nil
}

// Record matches a result's observations to the assets w holds and stores
// the check with them, inside the caller's transaction (w comes from
// Store.Update), so that what the caller writes because of the check is
// kept or dropped together with it. Matching fills in each observation's
// AssetID and Conflict and adds to Conflicts; the check's counts are
// taken again from the matched observations.
func Record(ctx context.Context, w inventory.Writer, res Result) (Result, error) {
	assets, err := w.AssetsByKeys(ctx, observedKeys(res.Observations))
	if err != nil {
		return Result{}, err
	}
	obs, conflicts := Match(res.Observations, assets)
	res.Observations, res.Conflicts = obs, append(res.Conflicts, conflicts...)
	tally(&res.Check, obs)
	if res.Check.NotChecked == nil {
		res.Check.NotChecked = []inventory.NotChecked{}
	}
	if err := w.SaveCheck(ctx, &res.Check, res.Observations); err != nil {
		return Result{}, err
	}
	return res, nil
}

// observedKeys are the addresses Match looks the observations' assets up
// by, so that only the assets they name are read, however large the
// inventory.
func observedKeys(obs []inventory.Observation) inventory.AssetKeys {
	var k inventory.AssetKeys
	for _, o := range obs {
		k.IPs = append(k.IPs, o.Address)
		if o.MAC != "" {
			k.MACs = append(k.MACs, o.MAC)
		}
		k.DNSNames = append(k.DNSNames, o.Hostnames...)
	}
	return k
}

// seenPortsLimit bounds how many recent observations per asset are read
// for the ports it had open.
const seenPortsLimit = 32

// seenPorts collects, for each asset the check may cover, the TCP ports
// recent checks saw open on it, most recently seen first.
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
