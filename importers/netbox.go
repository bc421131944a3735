package importers

import "github.com/sunset-tui/sunset/inventory"

// netboxLayout reads NetBox's device list export (the table's column
// titles) and its bulk-import CSV (field names such as device_type).
var netboxLayout = &layout{
	format: FormatNetBox,
	title:  "NetBox device export",
	aliases: []alias{
		{"hostname", []string{"name"}},
		{"model", []string{"type", "device type"}},
		{"kind", []string{"role", "device role"}},
		{"department", []string{"tenant"}},
		{"location", []string{"location", "site"}},
		{"ip", []string{"ip address", "ipv4 address", "ipv6 address", "primary ip4", "primary ip6", "oob ip"}},
		{"os", []string{"platform"}},
		{"notes", []string{"comments", "description"}},
		{targetExternalID, []string{"id"}},
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
