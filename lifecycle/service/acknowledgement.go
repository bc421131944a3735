package service

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
)

// Acknowledge accepts the risk of the findings named by keys (see
// lifecycle.Finding.Key) with one reason, until then: each stops showing
// among the findings until then, or until it says something else. Every
// finding must be open now; all are acknowledged in one write, or none.
func (s *Service) Acknowledge(ctx context.Context, keys []string, reason string, until time.Time) ([]inventory.Acknowledgement, error) {
	if len(keys) == 0 {
		return nil, inventory.FieldError("finding", "name at least one finding")
	}
	if err := lifecycle.CheckUntil(until, s.now()); err != nil {
		return nil, err
	}
	var out []inventory.Acknowledgement
	err := s.update(ctx, func(w inventory.Writer) error {
		found, err := s.findingsByKey(ctx, w, keys)
		if err != nil {
			return err
		}
		now := s.now()
		out = make([]inventory.Acknowledgement, 0, len(keys))
		for _, k := range uniqueKeys(keys) {
			f, ok := found[k]
			if !ok {
				return inventory.Errorf(inventory.ErrNotFound, "no open finding %s (sunset findings lists them with their id)", k)
			}
			a, err := lifecycle.Acknowledge(f, reason, until, now)
			if err != nil {
				return err
			}
			a.By, a.At = s.actor, now
			if err := w.Acknowledge(ctx, &a); err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

// Unacknowledge withdraws the acknowledgements of the findings keys name
// (each once, however often it is named), with a reason their assets'
// histories keep, in one write: each finding shows again while it lasts.
// It returns the findings withdrawn. A key that names no acknowledgement
// withdraws none of them.
func (s *Service) Unacknowledge(ctx context.Context, keys []string, reason string) ([]string, error) {
	if len(keys) == 0 {
		return nil, inventory.FieldError("finding", "name at least one finding")
	}
	if strings.TrimSpace(reason) == "" {
		return nil, inventory.FieldError("reason", "withdrawing an acknowledgement needs a reason")
	}
	keys = uniqueKeys(keys)
	err := s.update(ctx, func(w inventory.Writer) error {
		for _, k := range keys {
			err := w.Unacknowledge(ctx, k, reason)
			if inventory.IsKind(err, inventory.ErrNotFound) && len(keys) > 1 {
				return inventory.Errorf(inventory.ErrNotFound, "%s is not acknowledged (`sunset findings acks` lists those that are), so none of the %d was withdrawn", k, len(keys))
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return keys, nil
}

// AckStatus is an acknowledgement with what became of it.
type AckStatus struct {
	inventory.Acknowledgement
	State lifecycle.AckState `json:"state"`
	// Accepted words what the finding said when it was acknowledged: the
	// risk accepted (see lifecycle.DescribeSubstance).
	Accepted string `json:"accepted"`
	// Current is the finding as it stands now; nil when it is resolved.
	Current *lifecycle.Finding `json:"current"`
}

// Acknowledgements lists every acknowledgement with what became of it,
// by finding key, judged in one consistent read.
func (s *Service) Acknowledgements(ctx context.Context) ([]AckStatus, error) {
	var out []AckStatus
	err := s.store.View(ctx, func(r inventory.Reader) error {
		acks, err := r.Acknowledgements(ctx)
		if err != nil || len(acks) == 0 {
			return err
		}
		keys := make([]string, len(acks))
		for i, a := range acks {
			keys[i] = a.Finding
		}
		found, err := s.findingsByKey(ctx, r, keys)
		if err != nil {
			return err
		}
		now := s.now()
		for _, a := range acks {
			st := AckStatus{Acknowledgement: a, Accepted: lifecycle.DescribeSubstance(a.Substance)}
			f, ok := found[a.Finding]
			if ok {
				st.Current = &f
			}
			st.State = lifecycle.AckStateOf(a, f, ok, now)
			out = append(out, st)
		}
		return nil
	})
	return out, err
}

// findingsByKey judges what the findings keys name are about (their
// assets, a chunk at a time, and their unknown devices) and returns the
// findings among them with those keys. A key that names nothing open is
// absent; a key that is no finding key at all is refused.
func (s *Service) findingsByKey(ctx context.Context, r inventory.Reader, keys []string) (map[string]lifecycle.Finding, error) {
	want := map[string]bool{}
	assets := map[int64]bool{}
	var addrs []string
	var mappingIDs []int64
	for _, k := range keys {
		k = strings.TrimSpace(k)
		kind, about, ok := strings.Cut(k, ":")
		if !ok || kind == "" || about == "" {
			return nil, inventory.FieldError("finding", "%q is no finding id (e.g. idle:#12, exposed-mapping:m7, unknown:192.0.2.7)", k)
		}
		want[k] = true
		switch {
		case strings.HasPrefix(about, "#"):
			id, err := strconv.ParseInt(about[1:], 10, 64)
			if err != nil {
				return nil, inventory.FieldError("finding", "%q is no finding id: %q is no asset id", k, about)
			}
			assets[id] = true
		case strings.HasPrefix(about, "m") && kind == string(lifecycle.FindingExposedMapping):
			id, err := strconv.ParseInt(about[1:], 10, 64)
			if err != nil {
				return nil, inventory.FieldError("finding", "%q is no finding id: %q is no mapping id", k, about)
			}
			mappingIDs = append(mappingIDs, id)
		case kind == string(lifecycle.FindingUnknown):
			addrs = append(addrs, about)
		default:
			return nil, inventory.FieldError("finding", "%q is no finding id (e.g. idle:#12, exposed-mapping:m7, unknown:192.0.2.7)", k)
		}
	}
	for _, id := range mappingIDs {
		m, err := r.Mapping(ctx, id)
		if inventory.IsKind(err, inventory.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		assets[m.AssetID] = true
	}
	out := map[string]lifecycle.Finding{}
	keep := func(f lifecycle.Finding) {
		if k := f.Key(); want[k] {
			out[k] = f
		}
	}
	if len(assets) > 0 {
		policy, err := r.Policy(ctx)
		if err != nil {
			return nil, err
		}
		mappings, err := mappingsByAsset(ctx, r)
		if err != nil {
			return nil, err
		}
		ids := make([]int64, 0, len(assets))
		for id := range assets {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for start := 0; start < len(ids); start += chunkAssets {
			found, err := r.AssetsAfter(ctx, inventory.AssetFilter{IDs: ids[start:min(start+chunkAssets, len(ids))]}, 0, 0)
			if err != nil {
				return nil, err
			}
			c, err := s.load(ctx, r, Judging{Findings: true}, found, mappings)
			if err != nil {
				return nil, err
			}
			for _, f := range judge(Judging{Findings: true}, c, policy, nil, s.now()).Findings {
				keep(f)
			}
		}
	}
	for _, addr := range addrs {
		u, err := s.unknownAt(ctx, r, addr)
		if inventory.IsKind(err, inventory.ErrNotFound) || inventory.IsKind(err, inventory.ErrInvalid) {
			continue
		}
		if err != nil {
			return nil, err
		}
		keep(u.Finding)
	}
	return out, nil
}

// uniqueKeys trims keys and keeps each once, sorted.
func uniqueKeys(keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, strings.TrimSpace(k))
	}
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(a, b) })
	return slices.Compact(out)
}
