package scan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

func answered(addr, mac string, names ...string) inventory.Observation {
	return inventory.Observation{Address: addr, MAC: mac, Hostnames: names, State: inventory.Answered, Reason: "arp-response"}
}

func matchAssets() []inventory.Asset {
	return []inventory.Asset{
		asset(1, "SRV-01", inventory.StageActive, "127.0.0.2", "02:00:5e:00:00:02"),
		asset(2, "CAM-01", inventory.StageRetired, "127.0.0.3", "02:00:5e:00:00:03"),
		asset(3, "NAS-01", inventory.StageActive, "127.0.0.4", "nas-01.lab.test"),
		asset(4, "OLD-NAS", inventory.StageRetired, "127.0.0.4"),
		asset(5, "DNS-ONLY", inventory.StageActive, "dnsonly.lab.test"),
		asset(6, "NOMAC-01", inventory.StageActive, "127.0.0.6"),
	}
}

func TestMatchPrefersMACThenIPThenDNS(t *testing.T) {
	assets := matchAssets()
	for _, tc := range []struct {
		name string
		obs  inventory.Observation
		want []int64
	}{
		{"MAC and IP agree", answered("127.0.0.2", "02:00:5E:00:00:02"), []int64{1}},
		{"MAC wins over a new IP", answered("127.0.0.99", "02-00-5e-00-00-02"), []int64{1}},
		{"IP when no MAC", answered("127.0.0.6", ""), []int64{6}},
		{"DNS when neither", answered("127.0.0.77", "", "DNSONLY.lab.test."), []int64{5}},
		{"IP beats DNS", answered("127.0.0.2", "", "dnsonly.lab.test"), []int64{1}},
		{"unknown device", answered("127.0.0.88", "02:00:5e:00:00:88"), []int64{0}},
	} {
		got, _ := Match([]inventory.Observation{tc.obs}, assets)
		var ids []int64
		for _, o := range got {
			ids = append(ids, o.AssetID)
		}
		if len(ids) != len(tc.want) || ids[0] != tc.want[0] {
			t.Errorf("%s: matched %v, want %v", tc.name, ids, tc.want)
		}
	}
}

func TestMatchReportsAnIPAnsweringWithAnotherAssetsMAC(t *testing.T) {
	obs, conflicts := Match([]inventory.Observation{answered("127.0.0.3", "02:00:5e:00:00:02")}, matchAssets())
	if len(obs) != 1 || obs[0].AssetID != 1 {
		t.Fatalf("the MAC's owner SRV-01 should take the observation, got %+v", obs)
	}
	if len(conflicts) != 1 {
		t.Fatalf("want one conflict, got %+v", conflicts)
	}
	c := conflicts[0]
	if c.IPAsset != "CAM-01" || c.MACAsset != "SRV-01" || c.Address != "127.0.0.3" {
		t.Errorf("conflict = %+v", c)
	}
	for _, want := range []string{"127.0.0.3", "CAM-01", "SRV-01", "02:00:5e:00:00:02"} {
		if !strings.Contains(obs[0].Conflict, want) {
			t.Errorf("Observation.Conflict %q does not mention %s", obs[0].Conflict, want)
		}
	}
}

func TestMatchReportsAStrangerMACAtAKnownIP(t *testing.T) {
	obs, conflicts := Match([]inventory.Observation{answered("127.0.0.3", "02:00:5e:00:00:99")}, matchAssets())
	if len(obs) != 1 || obs[0].AssetID != 2 || len(conflicts) != 1 {
		t.Fatalf("want CAM-01 matched with one conflict, got %+v %+v", obs, conflicts)
	}
	if !strings.Contains(obs[0].Conflict, "02:00:5e:00:00:99") || !strings.Contains(obs[0].Conflict, "02:00:5e:00:00:03") {
		t.Errorf("conflict does not give both MACs: %q", obs[0].Conflict)
	}
	// An asset with no recorded MAC is no conflict: nothing disagrees.
	_, conflicts = Match([]inventory.Observation{answered("127.0.0.6", "02:00:5e:00:00:99")}, matchAssets())
	if len(conflicts) != 0 {
		t.Errorf("unexpected conflict %+v", conflicts)
	}
}

func TestSharedIPGivesEveryOwnerTheAnswer(t *testing.T) {
	obs, conflicts := Match([]inventory.Observation{answered("127.0.0.4", "")}, matchAssets())
	if len(obs) != 2 || obs[0].AssetID != 3 || obs[1].AssetID != 4 {
		t.Fatalf("want one observation each for NAS-01 and OLD-NAS, got %+v", obs)
	}
	if len(conflicts) != 1 || !strings.Contains(conflicts[0].Text, "NAS-01, OLD-NAS") {
		t.Errorf("want the shared address reported, got %+v", conflicts)
	}
	// A dark shared address is dark for both, without a conflict.
	dark := inventory.Observation{Address: "127.0.0.4", State: inventory.Dark}
	obs, conflicts = Match([]inventory.Observation{dark}, matchAssets())
	if len(obs) != 2 || len(conflicts) != 0 {
		t.Errorf("dark shared address: %+v %+v", obs, conflicts)
	}
}

func TestDuplicateMACFallsBackToIPAndIsReported(t *testing.T) {
	assets := matchAssets()
	assets[5].Addresses = append(assets[5].Addresses, inventory.Address{Kind: inventory.AddrMAC, Value: "02:00:5e:00:00:02"})
	obs, conflicts := Match([]inventory.Observation{answered("127.0.0.6", "02:00:5e:00:00:02")}, assets)
	if len(obs) != 1 || obs[0].AssetID != 6 {
		t.Fatalf("want the IP's owner, got %+v", obs)
	}
	if len(conflicts) != 1 || !strings.Contains(conflicts[0].Text, "several assets") {
		t.Errorf("duplicate MAC not reported: %+v", conflicts)
	}
}

// TestSharedIPAmongOthersKeepsOrder: with a shared address in the middle
// of a list, every observation keeps its place and the shared one is
// followed by its copy for the second owner.
func TestSharedIPAmongOthersKeepsOrder(t *testing.T) {
	in := []inventory.Observation{answered("127.0.0.9", ""), answered("127.0.0.4", ""), answered("127.0.0.10", "")}
	obs, _ := Match(in, matchAssets())
	var got []string
	for _, o := range obs {
		got = append(got, fmt.Sprintf("%s#%d", o.Address, o.AssetID))
	}
	if want := "127.0.0.9#0 127.0.0.4#3 127.0.0.4#4 127.0.0.10#0"; strings.Join(got, " ") != want {
		t.Fatalf("matched %s, want %s", strings.Join(got, " "), want)
	}
}

// What tools report for "no MAC" names no device: it neither matches the
// asset that carries it nor disagrees with the MAC recorded at an IP.
func TestMatchIgnoresPlaceholderMACs(t *testing.T) {
	assets := append(matchAssets(), asset(7, "ZERO-MAC", inventory.StageActive, "127.0.0.7", "00:00:00:00:00:00"))
	obs, conflicts := Match([]inventory.Observation{answered("127.0.0.2", "00:00:00:00:00:00")}, assets)
	if len(obs) != 1 || obs[0].AssetID != 1 || len(conflicts) != 0 {
		t.Errorf("placeholder MAC at SRV-01's IP: %+v %+v, want SRV-01 and no conflict", obs, conflicts)
	}
	obs, _ = Match([]inventory.Observation{answered("127.0.0.99", "ff:ff:ff:ff:ff:ff")}, assets)
	if obs[0].AssetID != 0 {
		t.Errorf("a broadcast MAC matched asset #%d", obs[0].AssetID)
	}
	obs, _ = Match([]inventory.Observation{answered("127.0.0.98", "00:00:00:00:00:00")}, assets)
	if obs[0].AssetID != 0 {
		t.Errorf("the all-zero MAC matched asset #%d", obs[0].AssetID)
	}
}
