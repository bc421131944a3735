package lifecycle

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// Checklist item ids. They are stable, so a regenerated checklist keeps
// the progress made on it.
const (
	ItemBackupData        = "backup-data"
	ItemRevokeCredentials = "revoke-credentials"
	ItemRemoveAccess      = "remove-access"
	ItemRemoveServices    = "remove-dns-dhcp-monitoring"
	ItemPowerDown         = "power-down"
	ItemSanitizeMedia     = "sanitize-media"
	ItemDispose           = "dispose"
	// ItemCloseMappingPrefix starts the id of each mapping's item:
	// "close-mapping-7".
	ItemCloseMappingPrefix = "close-mapping-"
)

// CloseMappingItem is the id of the item that closes a mapping.
func CloseMappingItem(mappingID int64) string {
	return ItemCloseMappingPrefix + strconv.FormatInt(mappingID, 10)
}

// ChecklistApplies reports whether an asset in this stage keeps its
// end-of-life checklist up to date: generated on entering decommissioning
// (or being created or imported in it) and regenerated whenever the asset
// or its mappings change while there.
func ChecklistApplies(s inventory.Stage) bool { return s == inventory.StageDecommissioning }

// Checklist builds the end-of-life checklist of asset a from its attributes
// and port mappings, merged with the items it already has: done items keep
// their who, when and evidence (and a due date someone set); a mapping
// added later gets its item; the item of a mapping no longer listed stays;
// an item the attributes no longer call for stays if done and goes if not;
// items sunset did not generate stay as they are, last.
//
// Sanitizing media and the physical disposal are not required for
// retirement: they come after it, and retired → disposed checks the
// sanitization record instead.
func Checklist(a inventory.Asset, mappings []inventory.PortMapping, existing []inventory.ChecklistItem) []inventory.ChecklistItem {
	old := slices.Clone(existing)
	slices.SortStableFunc(old, func(x, y inventory.ChecklistItem) int { return cmp.Compare(x.Position, y.Position) })
	byID := map[string]inventory.ChecklistItem{}
	for _, it := range old {
		byID[it.ID] = it
	}
	doneBefore := func(id string) bool { return byID[id].Done }

	var out []inventory.ChecklistItem
	add := func(it inventory.ChecklistItem) {
		if prev, ok := byID[it.ID]; ok {
			it.Done, it.DoneAt, it.DoneBy, it.Evidence = prev.Done, prev.DoneAt, prev.DoneBy, prev.Evidence
			if !prev.Due.IsZero() {
				it.Due = prev.Due
			}
		}
		out = append(out, it)
	}

	if a.StoresData || doneBefore(ItemBackupData) {
		add(item(ItemBackupData, "Back up or migrate its data and the services it runs", true, inventory.VerifyEvidence))
	}
	if a.HoldsCredentials || doneBefore(ItemRevokeCredentials) {
		title := "Revoke the credentials it holds and rotate the passwords it stored"
		if a.CredentialsRef != "" {
			title += " (see " + a.CredentialsRef + ")"
		}
		add(item(ItemRevokeCredentials, title, true, inventory.VerifyEvidence))
	}
	add(item(ItemRemoveAccess, "Remove the accounts and keys that grant access to it", true, inventory.VerifyEvidence))
	for _, it := range mappingItems(a, mappings, old) {
		add(it)
	}
	add(item(ItemRemoveServices, "Remove its DNS records, DHCP reservations, monitoring and backup jobs", true, inventory.VerifyNone))
	add(item(ItemPowerDown, "Power it down and disconnect it", true, inventory.VerifyScanDark))
	add(item(ItemSanitizeMedia, "Sanitize its media (NIST SP 800-88 clear, purge or destroy) before disposal", false, inventory.VerifyEvidence))
	add(item(ItemDispose, "Hand it over or dispose of it physically", false, inventory.VerifyEvidence))

	for _, it := range old {
		if !generated(it.ID) {
			out = append(out, it)
		}
	}
	for i := range out {
		out[i].AssetID = a.ID
		out[i].Position = i
	}
	return out
}

func item(id, title string, required bool, v inventory.Verify) inventory.ChecklistItem {
	return inventory.ChecklistItem{ID: id, Title: title, Required: required, Verify: v}
}

// mappingItems is one item per mapping of the asset, plus the kept items
// of mappings no longer listed, by mapping id.
func mappingItems(a inventory.Asset, mappings []inventory.PortMapping, old []inventory.ChecklistItem) []inventory.ChecklistItem {
	var out []inventory.ChecklistItem
	listed := map[string]bool{}
	for _, m := range mappingsOf(a, mappings) {
		it := item(CloseMappingItem(m.ID), "Close "+DescribeMapping(m), true, inventory.VerifyMappingClosed)
		it.MappingID = m.ID
		out = append(out, it)
		listed[it.ID] = true
	}
	for _, it := range old {
		if strings.HasPrefix(it.ID, ItemCloseMappingPrefix) && !listed[it.ID] {
			out = append(out, it)
		}
	}
	slices.SortStableFunc(out, func(x, y inventory.ChecklistItem) int { return cmp.Compare(x.MappingID, y.MappingID) })
	return out
}

// generated reports whether sunset makes items with this id.
func generated(id string) bool {
	switch id {
	case ItemBackupData, ItemRevokeCredentials, ItemRemoveAccess, ItemRemoveServices,
		ItemPowerDown, ItemSanitizeMedia, ItemDispose:
		return true
	}
	return strings.HasPrefix(id, ItemCloseMappingPrefix)
}

// ChecklistChanged reports whether two checklists differ, so a caller
// writes only when something changed.
func ChecklistChanged(a, b []inventory.ChecklistItem) bool {
	return !slices.EqualFunc(a, b, func(x, y inventory.ChecklistItem) bool {
		return x.ID == y.ID && x.Title == y.Title && x.Required == y.Required && x.Verify == y.Verify &&
			x.Due == y.Due && x.MappingID == y.MappingID && x.Done == y.Done && x.DoneAt.Equal(y.DoneAt) &&
			x.DoneBy == y.DoneBy && x.Evidence == y.Evidence && x.Position == y.Position && x.AssetID == y.AssetID
	})
}

// Progress counts the required items and how many of them are done.
func Progress(items []inventory.ChecklistItem) (done, required int) {
	for _, it := range items {
		if it.Required {
			required++
			if it.Done {
				done++
			}
		}
	}
	return done, required
}

// findItem returns the index of an item, or -1.
func findItem(items []inventory.ChecklistItem, id string) int {
	return slices.IndexFunc(items, func(it inventory.ChecklistItem) bool { return it.ID == id })
}

func itemIDs(items []inventory.ChecklistItem) string {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	if len(ids) == 0 {
		return "the checklist is empty"
	}
	return fmt.Sprintf("items: %s", strings.Join(ids, ", "))
}
