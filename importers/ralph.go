package importers

import "github.com/sunset-tui/sunset/inventory"

// ralphLayout reads Ralph's asset exports (back office and data center
// assets), whose columns are its field names: barcode, sn, hostname,
// status, service_env, management_ip. Its id identifies an asset that
// has no tag nor hostname, as back-office assets often have only a serial.
var ralphLayout = &layout{
	format: FormatRalph,
	title:  "Ralph asset export",
	aliases: []alias{
		{targetExternalID, []string{"id"}},
		{"tag", []string{"barcode", "niw"}},
		{"serial", []string{"sn"}},
		{"owner", []string{"owner", "user"}},
		{"location", []string{"location", "warehouse", "rack", "server room", "data center"}},
		{"department", []string{"service env", "service environment"}},
		{"ip", []string{"management ip"}},
		{targetUnknown, commentAliases},
	},
	markers: []string{"barcode", "niw", "sn", "remarks", "service env", "warehouse", "imei", "imei2",
		"invoice no", "invoice date", "order no", "provider", "depreciation rate", "force depreciation",
		"depreciation end date", "property of", "budget info", "office infrastructure", "management ip",
		"price currency", "start usage", "last status change"},
	minMarkers: 3,
	lenient:    true,
	// Ralph's statuses, back office and data center, by name: the numbers
	// it stores mean other things in each, so they are left to --stage-map.
	vocab: map[string]inventory.Stage{
		"new": inventory.StageSpare, "waiting for release": inventory.StageSpare, "free": inventory.StageSpare,
		"reserved": inventory.StageSpare, "reserved to order": inventory.StageSpare, "to deploy": inventory.StageSpare,
		"cleaned": inventory.StageSpare, "damaged": inventory.StageSpare,
		"in progress": inventory.StagePlanned, "in progress team": inventory.StagePlanned,
		"in progress test": inventory.StagePlanned,
		"in use":           inventory.StageActive, "in use team": inventory.StageActive, "in use test": inventory.StageActive,
		"loan": inventory.StageActive, "installed": inventory.StageActive,
		"pre liquidated": inventory.StageDecommissioning, "sale": inventory.StageDecommissioning,
		"liquidated": inventory.StageDisposed,
	},
}
