package service

import (
	"context"
	"errors"
	"io"
	"os"
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/scan"
)

// CheckOutcome is a stored check: the result, its observations matched to
// assets, and the checklist items it ticked, by asset ref.
type CheckOutcome struct {
	scan.Result
	Ticked map[string][]string
}

// Check runs a live check (planned from the inventory and policy, only
// inside the scope) and stores it together with the checklist items it
// proves, in one transaction. When nmap fails (a signal, an error exit, an
// error in its output), the check is stored partial with what nmap
// observed before, which proves nothing dark, and the error is returned
// with it (a *scan.CheckFailed). A cancelled check is stored partial,
// without error. A check refused before nmap ran (no scope, too large, a
// target outside the scope), or one nmap could not start, stores nothing.
func (s *Service) Check(ctx context.Context, runner scan.Runner, req scan.CheckRequest) (CheckOutcome, error) {
	req.Actor, req.Now = s.actor, s.now
	res, runErr := scan.Execute(ctx, s.store, runner, req)
	if res.Check.StartedAt.IsZero() {
		return CheckOutcome{Result: res}, runErr
	}
	// What the check learned is kept even when it was cancelled.
	out, err := s.RecordCheck(context.WithoutCancel(ctx), res)
	if err != nil {
		return out, errors.Join(err, runErr)
	}
	return out, runErr
}

// ImportXML reads an nmap XML file and stores it as a check, through the
// same path as a live check (its checklist ticks included). The file's own
// times are kept; a file whose times lie in the future is refused and
// nothing is stored. dryRun reads the file and stores nothing.
func (s *Service) ImportXML(ctx context.Context, path string, dryRun bool) (CheckOutcome, error) {
	f, err := os.Open(path)
	if err != nil {
		return CheckOutcome{}, &inventory.Error{Kind: inventory.ErrInvalid, Field: path, Msg: "cannot read", Err: unwrapPathError(err)}
	}
	defer f.Close()
	return s.ImportXMLFrom(ctx, path, f, dryRun)
}

// ImportXMLFrom is ImportXML for nmap XML already open (standard input,
// a pipe); name is what the check's source and errors call it.
func (s *Service) ImportXMLFrom(ctx context.Context, name string, r io.Reader, dryRun bool) (CheckOutcome, error) {
	return s.ImportXMLAt(ctx, name, "", r, dryRun)
}

// ImportXMLAt is ImportXMLFrom for a file that nmap ran from site (see
// inventory.Check.Site); an empty site is none, and the file then counts
// as seen from every site.
func (s *Service) ImportXMLAt(ctx context.Context, name, site string, r io.Reader, dryRun bool) (CheckOutcome, error) {
	if err := inventory.ValidSite(site); err != nil {
		return CheckOutcome{}, err
	}
	res, err := scan.DecodeXML(r, name, s.now)
	res.Check.Site = site
	if err != nil || dryRun {
		return CheckOutcome{Result: res}, err
	}
	out, err := s.RecordCheck(ctx, res)
	if err != nil {
		err = &inventory.Error{Kind: inventory.KindOf(err), Field: name, Msg: "not imported", Err: err}
	}
	return out, err
}

// RecordCheck stores a check that already ran (a live one, or a decoded
// file) with the checklist items it proves, in one transaction: its
// observations are matched to the assets, and each asset being
// decommissioned that it covered is judged on all its evidence, this
// check included.
func (s *Service) RecordCheck(ctx context.Context, res scan.Result) (CheckOutcome, error) {
	out := CheckOutcome{Ticked: map[string][]string{}}
	err := s.update(ctx, func(w inventory.Writer) error {
		var err error
		if out.Result, err = scan.Record(ctx, w, res); err != nil {
			return err
		}
		return s.tickVerified(ctx, w, out.Result, out.Ticked)
	})
	if err != nil {
		return CheckOutcome{}, err
	}
	return out, nil
}

// tickVerified lets a stored check tick the items only a check may tick,
// on the assets being decommissioned that it saw or whose mappings it
// probed: a chunk of assets at a time, each chunk judged on one read of
// its evidence.
func (s *Service) tickVerified(ctx context.Context, w inventory.Writer, res scan.Result, ticked map[string][]string) error {
	ids, err := coveredAssets(ctx, w, res.Observations)
	if err != nil || len(ids) == 0 {
		return err
	}
	policy, err := w.Policy(ctx)
	if err != nil {
		return err
	}
	mappings, err := w.Mappings(ctx, inventory.MappingFilter{})
	if err != nil {
		return err
	}
	for len(ids) > 0 {
		n := min(len(ids), chunkAssets)
		if err := s.tickChunk(ctx, w, ids[:n], mappings, res.Check, policy, ticked); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

func (s *Service) tickChunk(ctx context.Context, w inventory.Writer, ids []int64, all []inventory.PortMapping,
	check inventory.Check, policy inventory.Policy, ticked map[string][]string) error {
	filter := inventory.AssetFilter{IDs: ids, Stages: []inventory.Stage{inventory.StageDecommissioning}}
	assets, err := w.Assets(ctx, filter)
	if err != nil || len(assets) == 0 {
		return err
	}
	checklists, err := w.Checklists(ctx, filter)
	if err != nil {
		return err
	}
	chunk := make(map[int64]bool, len(assets))
	for _, a := range assets {
		chunk[a.ID] = true
	}
	var mappings []inventory.PortMapping
	for _, m := range all {
		if chunk[m.AssetID] {
			mappings = append(mappings, m)
		}
	}
	ev, err := evidenceAbout(ctx, w, assets, mappings, time.Time{})
	if err != nil {
		return err
	}
	done := lifecycle.VerifyAllByCheck(assets, checklists, mappings, check, ev, policy, s.now())
	for _, a := range assets {
		for _, id := range done[a.ID].IDs {
			if err := w.CompleteItem(ctx, a.ID, id, itemEvidence(done[a.ID].Items, id)); err != nil {
				return err
			}
			ticked[a.Ref()] = append(ticked[a.Ref()], id)
		}
	}
	return ctx.Err()
}

// coveredAssets are the assets a check's observations were matched to,
// and those with a port mapping at an address it observed.
func coveredAssets(ctx context.Context, r inventory.Reader, obs []inventory.Observation) ([]int64, error) {
	var ids []int64
	seen := map[string]bool{}
	for _, o := range obs {
		if o.AssetID != 0 {
			ids = append(ids, o.AssetID)
		}
		seen[o.Address] = true
	}
	mappings, err := r.Mappings(ctx, inventory.MappingFilter{})
	if err != nil {
		return nil, err
	}
	for _, m := range mappings {
		if seen[m.ExternalAddr] {
			ids = append(ids, m.AssetID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

func itemEvidence(items []inventory.ChecklistItem, id string) string {
	for _, it := range items {
		if it.ID == id {
			return it.Evidence
		}
	}
	return ""
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
