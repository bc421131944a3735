package sqlstore

import (
	"github.com/sunset-tui/sunset/inventory"
)

// historyFields are the fields UpdateAsset records changes of, named and
// written as the command line and the CSV export name and write them
// (inventory.Fields), plus where the record came from. The stage is not
// here: it changes only through SetStage.
var historyFields = func() []inventory.Field {
	var out []inventory.Field
	for _, f := range inventory.Fields {
		if f.Name != "stage" {
			out = append(out, f)
		}
	}
	return append(out,
		inventory.Field{Name: "source", Get: func(a *inventory.Asset) string { return a.Source }},
		inventory.Field{Name: "external-id", Get: func(a *inventory.Asset) string { return a.ExternalID }},
	)
}()

// addressFields are the fields under which address changes are recorded.
var addressFields = map[string]bool{
	string(inventory.AddrIP): true, string(inventory.AddrMAC): true, string(inventory.AddrDNS): true,
}

// diffAssets lists the fields that differ between old and new, in
// historyFields' order. Addresses compare per kind, primary first.
func diffAssets(old, new *inventory.Asset) []inventory.Change {
	var out []inventory.Change
	for _, f := range historyFields {
		if from, to := f.Get(old), f.Get(new); from != to {
			out = append(out, inventory.Change{Field: f.Name, From: from, To: to})
		}
	}
	return out
}

func addressesChanged(changes []inventory.Change) bool {
	for _, c := range changes {
		if addressFields[c.Field] {
			return true
		}
	}
	return false
}
