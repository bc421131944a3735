package lifecycle

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// now is the fixed present of every test: 2024-03-05 12:00 UTC.
var now = time.Date(2024, 3, 5, 12, 0, 0, 0, time.UTC)

// at is a time on the day of now.
func at(hh, mm int) time.Time { return time.Date(2024, 3, 5, hh, mm, 0, 0, time.UTC) }

func testPolicy() inventory.Policy {
	p := inventory.DefaultPolicy()
	p.Scope = []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}
	return p
}

func mustDate(s string) inventory.Date {
	d, err := inventory.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// newAsset builds a valid asset with an owner, named by tag and hostname.
func newAsset(id int64, tag string, stage inventory.Stage, ips ...string) inventory.Asset {
	a := inventory.Asset{ID: id, Tag: tag, Hostname: tag, Kind: inventory.KindServer, Stage: stage,
		Owner: "ops", StageSince: now.Add(-30 * 24 * time.Hour)}
	for i, ip := range ips {
		a.Addresses = append(a.Addresses, inventory.Address{Kind: inventory.AddrIP, Value: ip, Primary: i == 0})
	}
	if err := a.Validate(); err != nil {
		panic(err)
	}
	return a
}

func newCheck(id int64, ended time.Time) inventory.Check {
	return inventory.Check{ID: id, StartedAt: ended.Add(-4 * time.Minute), EndedAt: ended, Source: "live", Actor: "tester"}
}

func partialCheck(id int64, ended time.Time) inventory.Check {
	c := newCheck(id, ended)
	c.Partial, c.PartialReason = true, "interrupted"
	return c
}

func darkObs(checkID, assetID int64, addr string, seen time.Time) inventory.Observation {
	return inventory.Observation{CheckID: checkID, AssetID: assetID, Address: addr, State: inventory.Dark,
		Reason: "no-response", SeenAt: seen}
}

func unknownObs(checkID, assetID int64, addr string, seen time.Time) inventory.Observation {
	return inventory.Observation{CheckID: checkID, AssetID: assetID, Address: addr, State: inventory.Unknown,
		Reason: "host-timeout", SeenAt: seen}
}

func answerObs(checkID, assetID int64, addr string, seen time.Time, ports ...inventory.Port) inventory.Observation {
	return inventory.Observation{CheckID: checkID, AssetID: assetID, Address: addr, State: inventory.Answered,
		Reason: "syn-ack", SeenAt: seen, Ports: ports}
}

func openPort(n int, service string) inventory.Port {
	return inventory.Port{Number: n, Protocol: "tcp", State: "open", Service: service}
}

func closedPort(n int) inventory.Port {
	return inventory.Port{Number: n, Protocol: "tcp", State: "closed"}
}

func mapping(id, assetID int64, ext string, extPort int, in string, inPort int) inventory.PortMapping {
	m := inventory.PortMapping{ID: id, AssetID: assetID, ExternalAddr: ext, ExternalPort: extPort,
		InternalAddr: in, InternalPort: inPort, Protocol: "tcp", Purpose: "test"}
	if err := m.Validate(); err != nil {
		panic(err)
	}
	return m
}

func ids(items []inventory.ChecklistItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

func kinds(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f.Kind) + "/" + string(f.Severity) + "/" + f.Asset
	}
	return out
}

// testWords words steps plainly, so tests read what the engine asked for.
func testWords(s Step) string {
	switch s.Kind {
	case StepTick:
		if s.Evidence {
			return "[tick " + s.Asset + " " + s.Item + " with evidence]"
		}
		return "[tick " + s.Asset + " " + s.Item + "]"
	case StepCloseMapping:
		return fmt.Sprintf("[close mapping %d]", s.MappingID)
	case StepSetField:
		return "[set " + s.Asset + " " + s.Field + "]"
	case StepStage:
		return "[stage " + s.Asset + " " + string(s.Stage) + "]"
	case StepAdopt, StepDismiss:
		return "[" + string(s.Kind) + " " + s.Address + "]"
	}
	return "[" + string(s.Kind) + " " + s.Asset + "]"
}
