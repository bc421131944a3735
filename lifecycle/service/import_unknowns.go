package service

import (
	"context"
	"net/netip"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/scan"
)

// CheckUnknowns is what a stored check shows of unknown devices, judged
// as Unknowns (and so `sunset unknown`) judges them, so that an import's
// summary and the list of unknown devices can never disagree.
type CheckUnknowns struct {
	// Unknown counts the check's addresses at which Unknowns lists an
	// unknown device.
	Unknown int
	// Unjudged counts the addresses that answered, with no asset, outside
	// the scan scope: nobody judges those (all of them when the scope is
	// empty).
	Unjudged int
	// ScopeEmpty says that the policy has no scan scope, so no device is
	// judged unknown.
	ScopeEmpty bool
}

// UnknownsOf judges the unknown devices at the addresses of a stored
// check (the result RecordCheck returned, its observations matched).
func (s *Service) UnknownsOf(ctx context.Context, res scan.Result) (CheckUnknowns, error) {
	var out CheckUnknowns
	var policy inventory.Policy
	err := s.store.View(ctx, func(r inventory.Reader) error {
		var err error
		policy, err = r.Policy(ctx)
		return err
	})
	if err != nil {
		return out, err
	}
	out.ScopeEmpty = len(policy.Scope) == 0
	inScope := map[string]bool{}
	judged := map[string]bool{}
	for _, o := range res.Observations {
		if o.AssetID != 0 || o.State != inventory.Answered || judged[o.Address] {
			continue
		}
		judged[o.Address] = true
		ip, err := netip.ParseAddr(o.Address)
		if err == nil && inventory.AddrWithin(ip, policy.Scope) {
			inScope[o.Address] = true
		} else {
			out.Unjudged++
		}
	}
	if len(inScope) == 0 {
		return out, nil
	}
	unknowns, err := s.Unknowns(ctx)
	for _, u := range unknowns {
		if inScope[u.Finding.Address] {
			out.Unknown++
		}
	}
	return out, err
}
