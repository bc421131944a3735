package importers

import (
	"strconv"

	"github.com/sunset-tui/sunset/inventory"
)

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
	vocab:      ralphStatuses,
	fileVocab:  ralphStatusNumbers,
}

// ralphStatuses are Ralph's statuses, back office and data center, by
// name (those the common words do not know already).
var ralphStatuses = map[string]inventory.Stage{
	"new": inventory.StageSpare, "waiting for release": inventory.StageSpare, "free": inventory.StageSpare,
	"reserved": inventory.StageSpare, "reserved to order": inventory.StageSpare, "to deploy": inventory.StageSpare,
	"cleaned": inventory.StageSpare, "damaged": inventory.StageSpare, "quarantine": inventory.StageSpare,
	"refurbished": inventory.StageSpare, "replacement": inventory.StageSpare,
	"in progress": inventory.StagePlanned, "in progress team": inventory.StagePlanned,
	"in progress test": inventory.StagePlanned, "loan in progress": inventory.StagePlanned,
	"in use": inventory.StageActive, "in use team": inventory.StageActive, "in use test": inventory.StageActive,
	"loan": inventory.StageActive, "installed": inventory.StageActive, "in service": inventory.StageActive,
	"return in progress": inventory.StageActive, "sent": inventory.StageActive,
	"pre liquidated": inventory.StageDecommissioning, "sale": inventory.StageDecommissioning,
	"to buyout":  inventory.StageDecommissioning,
	"to find":    inventory.StageRetired,
	"liquidated": inventory.StageDisposed,
}

// Ralph stores a status as its position in the list of its asset type's
// statuses (from 1), and an export may write that number.
var (
	ralphBackOfficeStatuses = []string{"new", "in progress", "waiting for release", "in use", "loan", "damaged",
		"liquidated", "in service", "installed", "free", "reserved", "sale", "loan in progress",
		"return in progress", "to find", "sent", "to buyout", "in use team", "in use test", "in progress team",
		"in progress test", "quarantine", "refurbished", "reserved to order", "replacement"}
	ralphDataCenterStatuses = []string{"new", "in use", "free", "damaged", "liquidated", "to deploy", "cleaned",
		"pre liquidated"}
)

// ralphStatusNumbers reads status numbers as the asset type the file's
// columns show: back office (a warehouse, IMEIs) or data center (a rack,
// a management IP). A file that shows neither, or both, leaves them to
// --stage-map.
func ralphStatusNumbers(present map[string]bool) map[string]inventory.Stage {
	backOffice := present["warehouse"] || present["imei"] || present["officeinfrastructure"]
	dataCenter := present["rack"] || present["managementip"] || present["orientation"] || present["slotno"]
	names := ralphBackOfficeStatuses
	switch {
	case backOffice == dataCenter:
		return nil
	case dataCenter:
		names = ralphDataCenterStatuses
	}
	out := map[string]inventory.Stage{}
	for i, name := range names {
		if st, ok := ralphStatuses[name]; ok {
			out[strconv.Itoa(i+1)] = st
		} else if st, ok := stageWords[normWords(name)]; ok {
			out[strconv.Itoa(i+1)] = st
		}
	}
	return out
}
