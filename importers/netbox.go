package importers

import "github.com/sunset-tui/sunset/inventory"

// netboxLayout reads NetBox's device list export (the table's column
// titles) and its bulk-import CSV (field names such as device_type).
// Device names are free text ("AP 0A"): one that reads as a DNS name is
// the hostname, any other the asset's name; an unnamed device's
// placeholder is no name at all.
var netboxLayout = &layout{
	format: FormatNetBox,
	title:  "NetBox device export",
	aliases: []alias{
		{targetDeviceName, []string{"name"}},
		{"model", []string{"type", "device type"}},
		{"kind", []string{"role", "device role"}},
		{"department", []string{"tenant"}},
		{"location", []string{"location", "site"}},
		{"ip", []string{"ip address", "ipv4 address", "ipv6 address", "primary ip", "primary ip4", "primary ip6", "oob ip"}},
		{"os", []string{"platform"}},
		{targetExternalID, []string{"id"}},
		{targetUnknown, commentAliases},
	},
	markers: []string{"site", "rack", "role", "device role", "device type", "tenant", "platform", "face",
		"position", "airflow", "virtual chassis", "vc position", "vc priority", "config template",
		"cluster", "oob ip", "ipv4 address", "ipv6 address", "primary ip4", "parent device"},
	minMarkers: 3,
	lenient:    true,
	vocab: map[string]inventory.Stage{
		"planned":         inventory.StagePlanned,
		"staged":          inventory.StagePlanned,
		"active":          inventory.StageActive,
		"offline":         inventory.StageSpare,
		"failed":          inventory.StageSpare,
		"inventory":       inventory.StageSpare,
		"decommissioning": inventory.StageDecommissioning,
	},
}
