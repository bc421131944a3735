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

// Match ties each observation to the asset it belongs to: by MAC first,
// then by IP, then by DNS name. When the IP is recorded for one asset and
// the MAC that answered belongs to another (or to no asset, while the
// recorded one has MACs of its own), the observation carries a Conflict
// text and the conflict is returned as well.
//
// An address recorded for several assets, with no MAC to decide between
// them, yields one observation per asset: every one of them may be the
// device that answered, so none of them may be taken for dark.
func Match(obs []inventory.Observation, assets []inventory.Asset) ([]inventory.Observation, []Conflict) {
	ix := newAssetIndex(assets)
	var out []inventory.Observation
	var conflicts []Conflict
	for _, o := range obs {
		matched, cs := ix.match(o)
		out = append(out, matched...)
		conflicts = append(conflicts, cs...)
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
				ix.byMAC[v] = appendOnce(ix.byMAC[v], a)
			case inventory.AddrIP:
				ix.byIP[v] = appendOnce(ix.byIP[v], a)
			case inventory.AddrDNS:
				ix.byDNS[v] = appendOnce(ix.byDNS[v], a)
			}
		}
	}
	return ix
}

func (ix assetIndex) match(o inventory.Observation) ([]inventory.Observation, []Conflict) {
	ip := canonical(inventory.AddrIP, o.Address)
	mac := canonical(inventory.AddrMAC, o.MAC)
	byIP := ix.byIP[ip]
	var byMAC []*inventory.Asset
	if mac != "" {
		byMAC = ix.byMAC[mac]
	}
	var conflicts []Conflict
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
		return []inventory.Observation{o}, conflicts
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
		return []inventory.Observation{o}, conflicts
	}
	out := make([]inventory.Observation, len(candidates))
	for i, a := range candidates {
		out[i] = o
		out[i].AssetID = a.ID
	}
	return out, conflicts
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
