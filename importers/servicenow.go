package importers

import "github.com/sunset-tui/sunset/inventory"

// servicenowLayout reads CSV exports of ServiceNow's cmdb_ci_* tables and of
// alm_hardware, by field name (install_status) or label (Install Status).
// The class of a row (sys_class_name, or its label) says what the row is:
// a device of a kind, or a CI that is no device (software, a service, a
// database), whose row is skipped unless --classes asks for it.
var servicenowLayout = &layout{
	format: FormatServiceNow,
	title:  "ServiceNow CMDB export",
	aliases: []alias{
		{"hostname", []string{"host name"}},
		{targetDeviceName, []string{"name", "ci", "configuration item"}},
		{"model", []string{"model id", "model", "model number"}},
		{targetClass, []string{"sys class name", "class"}},
		{"owner", []string{"owned by", "assigned to", "managed by", "supported by"}},
		{"stage", []string{"install status", "status"}},
		{targetSubstatus, []string{"substatus"}},
		{"deployed-on", []string{"install date"}},
		{"warranty-ends", []string{"warranty expiration"}},
		{targetExternalID, []string{"sys id"}},
		{targetUnknown, append([]string{"display name"}, commentAliases...)},
	},
	markers: []string{"sys id", "sys class name", "install status", "operational status", "hardware status",
		"substatus", "model id", "sys created on", "sys updated on", "sys created by", "sys updated by",
		"sys mod count", "owned by", "supported by", "discovery source", "last discovered",
		// The same fields by their labels, as a list's export writes them.
		"most recent discovery", "first discovered", "support group", "updated by", "created by", "correlation id"},
	minMarkers: 2,
	// Field names no other tool writes.
	decisive: []string{"sys id", "sys class name"},
	lenient:  true,
	// install_status, as numbers (raw export) or labels, for cmdb_ci and
	// alm_hardware alike; 8 is Stolen in one and Missing in the other.
	vocab: map[string]inventory.Stage{
		"1": inventory.StageActive, "installed": inventory.StageActive, "in use": inventory.StageActive,
		"2": inventory.StagePlanned, "on order": inventory.StagePlanned,
		"3": inventory.StageActive, "in maintenance": inventory.StageActive,
		"4": inventory.StagePlanned, "pending install": inventory.StagePlanned,
		// Out of service until repaired, as NetBox's "failed".
		"5": inventory.StageSpare, "pending repair": inventory.StageSpare,
		"6": inventory.StageSpare, "in stock": inventory.StageSpare,
		"7": inventory.StageRetired, "retired": inventory.StageRetired,
		"8": inventory.StageRetired, "stolen": inventory.StageRetired, "missing": inventory.StageRetired,
		// Between stockrooms, not deployed.
		"9": inventory.StageSpare, "in transit": inventory.StageSpare,
		"10": inventory.StageDisposed, "consumed": inventory.StageDisposed,
		"11": inventory.StagePlanned, "build": inventory.StagePlanned,
		// Not found where the CMDB has it, as "missing": gone, and a
		// finding if it answers.
		"100": inventory.StageRetired, "absent": inventory.StageRetired,
	},
	adjust: servicenowSubstatus,
}

// servicenowSubstatus refines alm_hardware's status: a retired or stocked
// asset whose substatus says it left the organisation is disposed.
var servicenowSubstatuses = map[string]inventory.Stage{
	"pending disposal": inventory.StageDecommissioning,
	"disposed":         inventory.StageDisposed,
	"sold":             inventory.StageDisposed,
	"donated":          inventory.StageDisposed,
	"vendor credit":    inventory.StageDisposed,
	"lost":             inventory.StageRetired,
	"stolen":           inventory.StageRetired,
}

func servicenowSubstatus(d *draft) {
	if st, ok := servicenowSubstatuses[normWords(d.substatus)]; ok {
		d.stageValue, d.hasStage = st, true
	}
}
