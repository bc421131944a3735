package importers

import "github.com/sunset-tui/sunset/inventory"

// snipeitLayout reads Snipe-IT's asset CSV: its export (column titles such
// as "Asset Name", "Checked Out To") and its import layout ("Item Name",
// "Checked Out To: Username", or the person's own "Full Name", "Email",
// "Username"). An asset's name in Snipe-IT is a label ("Dump Truck"),
// never a hostname: it is the asset's name.
var snipeitLayout = &layout{
	format: FormatSnipeIT,
	title:  "Snipe-IT asset CSV",
	aliases: []alias{
		{"name", []string{"asset name", "item name", "name"}},
		{"model", []string{"model", "model name", "model no.", "model number"}},
		{"kind", []string{"category"}},
		{"owner", []string{"checked out to", "assigned to", "full name", "checked out to: full name", "checked out to: username",
			"username", "checked out to: email", "email"}},
		{"stage", []string{"status", "status label"}},
		{"serial", []string{"serial", "serial number"}},
		{"eol-on", []string{"asset eol date", "eol date", "eol"}},
		{"warranty-ends", []string{"warranty expires"}},
		{"last-managed-on", []string{"last audit", "last audit date"}},
		{targetExternalID, []string{"id"}},
		// Warranty is a number of months here, not a date.
		{targetUnknown, append([]string{"warranty", "warranty months", "company", "purchase date", "asset notes", "model notes"},
			commentAliases...)},
	},
	// Snipe-IT's own column titles, as its asset list export writes them
	// (app/Presenters/AssetPresenter.php, in English) and as its import
	// layout names them, less the words every inventory uses (Serial,
	// Model, Location, Status, Notes...).
	markers: []string{"asset tag", "asset name", "checked out to", "checked out to: username", "checked out to: first name",
		"checked out to: last name", "checked out to: email", "checked out to: location",
		"purchase cost", "order number", "supplier", "model notes", "asset notes", "checkout type",
		"item name", "asset eol date", "requestable", "byod", "model no.", "company", "warranty",
		"purchase date", "current value", "status label", "full name", "default location", "warranty expires",
		"checkouts", "checkins", "requests", "checkout date", "last checkin date", "expected checkin date",
		"expected checkin", "last audit", "next audit date", "employee number", "checkin/checkout"},
	minMarkers: 3,
	requires:   "asset tag",
	// The import layout's name for the asset, and its checkout columns.
	decisive: []string{"item name", "checked out to: username", "checked out to: email", "checkout type"},
	lenient:  true,
	retarget: snipeitPerson,
	// Snipe-IT's status labels are the admins' own words; these are the
	// label types every label has, and the names of the default labels.
	vocab: map[string]inventory.Stage{
		"deployable":      inventory.StageSpare,
		"pending":         inventory.StageSpare,
		"undeployable":    inventory.StageSpare,
		"archived":        inventory.StageRetired,
		"deployed":        inventory.StageActive,
		"lost stolen":     inventory.StageRetired,
		"ready to deploy": inventory.StageSpare,
	},
	adjust: snipeitCheckedOut,
}

// snipeitPerson: in Snipe-IT's import layout the user an asset is checked
// out to has the columns Name (or Full Name), Email and Username, and the
// asset's own name is "Item Name". So when a file has the item's name, or
// the person's other columns, "Name" is the person.
func snipeitPerson(present map[string]bool) map[string]string {
	for _, c := range []string{"itemname", "assetname", "fullname", "email", "username", "firstname", "lastname"} {
		if present[c] {
			return map[string]string{"name": "owner"}
		}
	}
	return nil
}

var snipeitDeployable = map[string]bool{"deployable": true, "ready to deploy": true}

// snipeitCheckedOut: a deployable asset that is checked out to someone is
// what Snipe-IT shows as "Deployed".
func snipeitCheckedOut(d *draft) {
	if d.hasStage && snipeitDeployable[normWords(d.stageRaw)] && d.a.Owner != "" {
		d.stageValue = inventory.StageActive
	}
}
