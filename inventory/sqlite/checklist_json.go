package sqlite

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// A checklist is stored as a JSON array with one array per item (see
// migration 0008): [id, title, required, verify, due, mapping id, done,
// done at, done by, evidence], flags as 0 or 1, an unset date or time as
// "" (or null, as the migration wrote them), no mapping as 0 (or null).

// checklistText is items in their stored form.
func checklistText(items []inventory.ChecklistItem) string {
	buf := make([]byte, 0, 128*len(items))
	buf = append(buf, '[')
	for i, it := range items {
		if i > 0 {
			buf = append(buf, ',')
		}
		verify := it.Verify
		if verify == "" {
			verify = inventory.VerifyNone
		}
		buf = append(buf, '[')
		buf = appendJSONString(buf, it.ID)
		buf = append(buf, ',')
		buf = appendJSONString(buf, it.Title)
		buf = append(buf, ',', flag(it.Required), ',')
		buf = appendJSONString(buf, string(verify))
		buf = append(buf, ',')
		buf = appendJSONString(buf, it.Due.String())
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, it.MappingID, 10)
		buf = append(buf, ',', flag(it.Done), ',')
		doneAt := ""
		if !it.DoneAt.IsZero() {
			doneAt = it.DoneAt.UTC().Format(timeLayout)
		}
		buf = appendJSONString(buf, doneAt)
		buf = append(buf, ',')
		buf = appendJSONString(buf, it.DoneBy)
		buf = append(buf, ',')
		buf = appendJSONString(buf, it.Evidence)
		buf = append(buf, ']')
	}
	return string(append(buf, ']'))
}

func flag(b bool) byte {
	if b {
		return '1'
	}
	return '0'
}

// readChecklist reads what checklistText writes, for the asset assetID:
// each item gets the asset and its position in the list.
func readChecklist(assetID int64, s string) ([]inventory.ChecklistItem, error) {
	r := listReader{s: s}
	var out []inventory.ChecklistItem
	d := decoder{}
	r.expect('[')
	for r.err == nil && !r.next(']') {
		if len(out) > 0 {
			r.expect(',')
		}
		it := inventory.ChecklistItem{AssetID: assetID, Position: len(out)}
		r.expect('[')
		it.ID = r.str()
		r.expect(',')
		it.Title = r.str()
		r.expect(',')
		it.Required = r.number() != 0
		r.expect(',')
		it.Verify = inventory.Verify(r.str())
		r.expect(',')
		it.Due = d.date("due", nullString(r.strOrNull()))
		r.expect(',')
		if !r.null() {
			it.MappingID = int64(r.number())
		}
		r.expect(',')
		it.Done = r.number() != 0
		r.expect(',')
		it.DoneAt = d.time("done at", nullString(r.strOrNull()))
		r.expect(',')
		it.DoneBy = r.strOrNull()
		r.expect(',')
		it.Evidence = r.strOrNull()
		r.expect(']')
		out = append(out, it)
	}
	if r.err == nil && r.i != len(s) {
		r.fail("text after the list")
	}
	if r.err != nil {
		return nil, fmt.Errorf("checklist of asset #%d: stored value is not a list of items: %v", assetID, r.err)
	}
	if d.err != nil {
		return nil, fmt.Errorf("checklist of asset #%d: %v", assetID, d.err)
	}
	return out, nil
}

// nullString is s as a column that is NULL when empty.
func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// null consumes a JSON null when one comes next and says whether it did.
func (r *listReader) null() bool {
	if r.err == nil && strings.HasPrefix(r.s[r.i:], "null") {
		r.i += len("null")
		return true
	}
	return false
}

// strOrNull reads a string, or a null as "".
func (r *listReader) strOrNull() string {
	if r.null() {
		return ""
	}
	return r.str()
}
