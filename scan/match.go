package scan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// Conflict is a mismatch found while matching: the inventory and the
// network disagree about which device is at an address. It is reported,
// never resolved silently.
type Conflict struct {
	Address string `json:"address"`
	MAC     string `json:"mac,omitempty"`
	// IPAsset is the asset the address is recorded for; MACAsset the one
	// whose MAC answered there (empty when the MAC is unknown).
	IPAsset  string `json:"ip_asset,omitempty"`
	MACAsset string `json:"mac_asset,omitempty"`
	Text     string `json:"text"`
}

// Match ties each observation to the asset it belongs to: by MAC first
// (one that names a device, see inventory.IdentifyingMAC), then by IP,
// then by DNS name. When the IP is recorded for one asset and
// the MAC that answered belongs to another (or to no asset, while the
// recorded one has MACs of its own), the observation carries a Conflict
// text and the conflict is returned as well.
//
// An address recorded for several assets, with no MAC to decide between
// them, yields one observation per asset: every one of them may be the
// device that answered, so none of them may be taken for dark.
//
// The observations are matched in place: the result is obs itself, or a
// longer copy when some address matched several assets.
func Match(obs []inventory.Observation, assets []inventory.Asset) ([]inventory.Observation, []Conflict) {
	ix := newAssetIndex(assets)
	var out []inventory.Observation // made only when an address matches several assets
	var conflicts []Conflict
	for i := range obs {
		o, others, cs := ix.match(obs[i])
		conflicts = append(conflicts, cs...)
		if out == nil && len(others) == 0 {
			obs[i] = o
			continue
		}
		if out == nil {
			out = make([]inventory.Observation, i, len(obs)+len(others))
			copy(out, obs[:i])
		}
		out = append(out, o)
		for _, a := range others {
			also := o
			also.AssetID = a.ID
			out = append(out, also)
		}
	}
	if out == nil {
		return obs, conflicts
	}
	return out, conflicts
}

type assetIndex struct {
	byMAC map[string][]*inventory.Asset
	byIP  map[string][]*inventory.Asset
	byDNS map[string][]*inventory.Asset
}

func newAssetIndex(assets []inventory.Asset) assetIndex {
	ix := assetIndex{map[string][]*inventory.Asset{}, map[string][]*inventory.Asset{}, map[string][]*inventory.Asset{}}
	for i := range assets {
		a := &assets[i]
		for _, ad := range a.Addresses {
			v := canonical(ad.Kind, ad.Value)
			switch ad.Kind {
			case inventory.AddrMAC:
				if inventory.IdentifyingMAC(v) {
					ix.byMAC[v] = appendOnce(ix.byMAC[v], a)
				}
			case inventory.AddrIP:
				ix.byIP[v] = appendOnce(ix.byIP[v], a)
			case inventory.AddrDNS:
				ix.byDNS[v] = appendOnce(ix.byDNS[v], a)
			}
		}
	}
	return ix
}

// match ties o to its asset. When the address is recorded for several
// assets, o is tied to the first and others are the rest.
func (ix assetIndex) match(o inventory.Observation) (matched inventory.Observation, others []*inventory.Asset, conflicts []Conflict) {
	ip := canonical(inventory.AddrIP, o.Address)
	mac := canonical(inventory.AddrMAC, o.MAC)
	if !inventory.IdentifyingMAC(mac) {
		mac = "" // what tools report for "no MAC" names no device
	}
	byIP := ix.byIP[ip]
	var byMAC []*inventory.Asset
	if mac != "" {
		byMAC = ix.byMAC[mac]
	}
	add := func(c Conflict) {
		conflicts = append(conflicts, c)
		o.Conflict = joinConflict(o.Conflict, c.Text)
	}

	if len(byMAC) > 1 {
		add(Conflict{Address: ip, MAC: mac, MACAsset: refs(byMAC),
			Text: fmt.Sprintf("MAC %s is recorded for several assets (%s)", mac, refs(byMAC))})
		byMAC = nil
	}
	if len(byMAC) == 1 {
		owner := byMAC[0]
		for _, other := range byIP {
			if other != owner {
				add(Conflict{Address: ip, MAC: mac, IPAsset: other.Ref(), MACAsset: owner.Ref(),
					Text: fmt.Sprintf("%s is recorded for %s but answered with the MAC of %s (%s)",
						ip, other.Ref(), owner.Ref(), mac)})
			}
		}
		o.AssetID = owner.ID
		return o, nil, conflicts
	}

	candidates := byIP
	if len(candidates) == 0 {
		for _, h := range o.Hostnames {
			if found := ix.byDNS[canonical(inventory.AddrDNS, h)]; len(found) > 0 {
				candidates = found
				break
			}
		}
	}
	if mac != "" {
		for _, a := range candidates {
			if known := canonicalAll(inventory.AddrMAC, a.MACs()); len(known) > 0 && !slices.Contains(known, mac) && len(ix.byMAC[mac]) == 0 {
				add(Conflict{Address: ip, MAC: mac, IPAsset: a.Ref(),
					Text: fmt.Sprintf("%s is recorded for %s (MAC %s) but answered with MAC %s, which no asset has",
						ip, a.Ref(), strings.Join(known, ", "), mac)})
			}
		}
	}
	if len(candidates) > 1 && o.State == inventory.Answered {
		add(Conflict{Address: ip, MAC: mac, IPAsset: refs(candidates),
			Text: fmt.Sprintf("%s is recorded for several assets (%s)", ip, refs(candidates))})
	}
	if len(candidates) == 0 {
		o.AssetID = 0
		return o, nil, conflicts
	}
	o.AssetID = candidates[0].ID
	return o, candidates[1:], conflicts
}

// canonical normalises an address for comparison; a value that does not
// parse is compared as written, in lower case.
func canonical(kind inventory.AddressKind, v string) string {
	if v == "" {
		return ""
	}
	ad := inventory.Address{Kind: kind, Value: v}
	if err := ad.Normalize(); err != nil {
		return strings.ToLower(strings.TrimSpace(v))
	}
	return ad.Value
}

func canonicalAll(kind inventory.AddressKind, vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = canonical(kind, v)
	}
	return out
}

func appendOnce(list []*inventory.Asset, a *inventory.Asset) []*inventory.Asset {
	if slices.Contains(list, a) {
		return list
	}
	return append(list, a)
}

func refs(list []*inventory.Asset) string {
	s := make([]string, len(list))
	for i, a := range list {
		s[i] = a.Ref()
	}
	return strings.Join(s, ", ")
}

func joinConflict(have, more string) string {
	if have == "" {
		return more
	}
	return have + "; " + more
}
