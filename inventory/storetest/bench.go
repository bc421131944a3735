package storetest

import (
	"context"
	"fmt"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// What both stores' benchmarks fill an inventory with.

// BenchAsset is asset i as importers/bench/gen writes its row: a tag,
// hostname, kind, vendor, model, serial, owner, department, location,
// stage, two dates, an IP and a MAC.
func BenchAsset(i int) inventory.Asset {
	pick := func(list []string) string { return list[(i*7919+len(list[0]))%len(list)] }
	stages := []inventory.Stage{inventory.StageActive, inventory.StageActive, inventory.StageActive, inventory.StageSpare,
		inventory.StagePlanned, inventory.StageRetired}
	y := 2015 + i%10
	return inventory.Asset{Tag: fmt.Sprintf("AT-%06d", i), Hostname: fmt.Sprintf("host-%06d", i),
		Kind:   []inventory.Kind{inventory.KindServer, inventory.KindSwitch, inventory.KindCamera, inventory.KindLaptop}[i%4],
		Vendor: pick([]string{"Dell", "HPE", "Lenovo", "Cisco", "Juniper", "Axis"}), Model: pick([]string{"PowerEdge R650", "EX4300", "U6-Pro"}),
		Serial: fmt.Sprintf("SN%04X%06d", i*40503&0xffff, i), Owner: pick([]string{"alice", "bob", "carol", "dave"}),
		Department: pick([]string{"IT", "Facilities", "Finance"}), Location: pick([]string{"HQ > Floor 1", "HQ > Server Room", "Warehouse"}),
		Stage: stages[i%len(stages)], DeployedOn: inventory.Date{Year: y, Month: time.Month(1 + i%12), Day: 1 + i%28},
		WarrantyEnds: inventory.Date{Year: y + 3, Month: time.Month(1 + i%12), Day: 1 + i%28},
		Addresses: []inventory.Address{
			{Kind: inventory.AddrIP, Value: fmt.Sprintf("2001:db8::%x:%x", (i+1)>>16, (i+1)&0xffff), Primary: true},
			{Kind: inventory.AddrMAC, Value: fmt.Sprintf("02:00:%02x:%02x:%02x:%02x", i>>24&0xff, i>>16&0xff, i>>8&0xff, i&0xff)},
		}}
}

// CreateInBatches creates the assets 512 at a time, as the importer does.
func CreateInBatches(ctx context.Context, w inventory.Writer, as []inventory.Asset) error {
	const batch = 512
	ptrs := make([]*inventory.Asset, 0, batch)
	reasons := make([]string, 0, batch)
	for j := range as {
		ptrs, reasons = append(ptrs, &as[j]), append(reasons, fmt.Sprintf("import bench.csv:%d", j+2))
		if len(ptrs) == batch || j == len(as)-1 {
			if err := w.CreateAssets(ctx, ptrs, reasons); err != nil {
				return err
			}
			ptrs, reasons = ptrs[:0], reasons[:0]
		}
	}
	return nil
}
