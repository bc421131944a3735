package inventory

import "context"

// The inventory as whole tables, for moving it from one store to another
// (`sunset migrate`): every row a store keeps of its own (assets with
// their "created" event, addresses, imported columns, history, port
// mappings, checklists, sanitization records, checks and observations,
// dismissals, acknowledgements, owners, the notification sent-log and the
// policy), each with its ids, times and actors as they are, so that the
// copy is the same inventory with the same history. What a store derives
// from these rows (lookup keys, counts per stage, the revision, id
// sequences, an observation's site) is not copied: each store derives it
// again (TableWriter.FinishRows).

// ColumnType is how a column's values travel between stores: a row holds
// an int64, a string, a bool or a time.Time (UTC, to the nanosecond) by
// type, or nil for NULL when the column may be NULL. Dates travel as text
// (YYYY-MM-DD), lists and ports as their JSON text, kept as written.
type ColumnType int

const (
	ColInt ColumnType = iota
	ColText
	ColBool
	ColTime
)

// Column is one column of a Table.
type Column struct {
	Name string
	Type ColumnType
	// Null says the column may be NULL (nil in a row).
	Null bool
}

// Table is one table of the inventory. Its rows are read in the order of
// their key, the first Key columns.
type Table struct {
	Name    string
	Columns []Column
	Key     int
}

func col(name string, t ColumnType) Column     { return Column{Name: name, Type: t} }
func nullCol(name string, t ColumnType) Column { return Column{Name: name, Type: t, Null: true} }

// Tables are the inventory's tables in the order a copy writes them: a
// table after those its rows refer to.
var Tables = []Table{
	{Name: "policy", Key: 1, Columns: []Column{col("key", ColText), col("value", ColText)}},
	{Name: "owners", Key: 1, Columns: []Column{col("name", ColText), col("email", ColText), col("webhook", ColText),
		col("updated_at", ColTime), col("updated_by", ColText)}},
	{Name: "assets", Key: 1, Columns: []Column{col("id", ColInt), col("tag", ColText), col("hostname", ColText),
		col("name", ColText), col("kind", ColText), col("vendor", ColText), col("model", ColText), col("serial", ColText),
		col("owner", ColText), col("department", ColText), col("location", ColText), col("stage", ColText),
		col("stage_since", ColTime), nullCol("deployed_on", ColText), nullCol("warranty_ends", ColText),
		nullCol("eol_on", ColText), nullCol("last_managed_on", ColText), col("holds_credentials", ColBool),
		col("credentials_ref", ColText), col("stores_data", ColBool), col("classification", ColText), col("os", ColText),
		col("os_version", ColText), col("approved", ColBool), col("notes", ColText), col("source", ColText),
		col("external_id", ColText), nullCol("last_seen", ColTime), col("created_at", ColTime), col("updated_at", ColTime),
		col("created_by", ColText), col("created_reason", ColText)}},
	{Name: "addresses", Key: 2, Columns: []Column{col("asset_id", ColInt), col("position", ColInt), col("kind", ColText),
		col("value", ColText), col("is_primary", ColBool)}},
	{Name: "imported_columns", Key: 2, Columns: []Column{col("asset_id", ColInt), col("column_name", ColText),
		col("value", ColText), col("source", ColText)}},
	{Name: "events", Key: 1, Columns: []Column{col("id", ColInt), col("asset_id", ColInt), col("at", ColTime),
		col("actor", ColText), col("action", ColText), col("changes", ColText), col("reason", ColText), col("forced", ColBool)}},
	{Name: "port_mappings", Key: 1, Columns: []Column{col("id", ColInt), col("asset_id", ColInt), col("external_addr", ColText),
		col("external_port", ColInt), col("internal_addr", ColText), col("internal_port", ColInt), col("protocol", ColText),
		col("purpose", ColText), col("owner", ColText), nullCol("opened_on", ColText), nullCol("expires_on", ColText),
		nullCol("closed_at", ColTime), col("closed_evidence", ColText)}},
	{Name: "checklist_items", Key: 2, Columns: []Column{col("asset_id", ColInt), col("item_id", ColText), col("position", ColInt),
		col("title", ColText), col("required", ColBool), col("verify", ColText), nullCol("due", ColText),
		nullCol("mapping_id", ColInt), col("done", ColBool), nullCol("done_at", ColTime), col("done_by", ColText),
		col("evidence", ColText)}},
	{Name: "sanitizations", Key: 1, Columns: []Column{col("asset_id", ColInt), col("media_type", ColText),
		col("manufacturer", ColText), col("model", ColText), col("serial", ColText), col("method", ColText),
		col("technique", ColText), col("tool", ColText), col("verification", ColText), col("operator", ColText),
		col("date", ColText), col("destination", ColText), col("recorded_by", ColText), col("recorded_at", ColTime)}},
	{Name: "checks", Key: 1, Columns: []Column{col("id", ColInt), col("started_at", ColTime), nullCol("ended_at", ColTime),
		col("recorded_at", ColTime), col("source", ColText), col("site", ColText), col("targets", ColText), col("args", ColText),
		col("ports", ColText), col("partial", ColBool), col("partial_reason", ColText), col("hosts_answered", ColInt),
		col("hosts_dark", ColInt), col("hosts_unknown", ColInt), col("not_checked", ColText), col("actor", ColText)}},
	{Name: "observations", Key: 1, Columns: []Column{col("id", ColInt), col("check_id", ColInt), nullCol("asset_id", ColInt),
		col("address", ColText), col("state", ColText), col("reason", ColText), col("mac", ColText), col("mac_vendor", ColText),
		col("hostnames", ColText), col("ports", ColText), col("os_guess", ColText), col("seen_at", ColTime),
		col("conflict", ColText)}},
	{Name: "dismissals", Key: 1, Columns: []Column{col("id", ColInt), col("address", ColText), col("mac", ColText),
		col("signature", ColText), col("reason", ColText), col("by_actor", ColText), col("at", ColTime)}},
	{Name: "acknowledgements", Key: 1, Columns: []Column{col("finding", ColText), nullCol("asset_id", ColInt),
		col("substance", ColText), col("reason", ColText), col("until", ColTime), col("by_actor", ColText), col("at", ColTime)}},
	{Name: "notification_deliveries", Key: 1, Columns: []Column{col("id", ColInt), col("recipient", ColText),
		col("channel", ColText), col("items", ColInt), col("sent_at", ColTime), col("sent_by", ColText)}},
	{Name: "notifications_sent", Key: 3, Columns: []Column{col("item", ColText), col("step", ColText), col("recipient", ColText),
		col("owner", ColText), nullCol("asset_id", ColInt), col("subject", ColText), nullCol("due_on", ColText),
		col("sent_at", ColTime), col("delivery_id", ColInt)}},
}

// TableNamed returns the table of that name; ok is false for none.
func TableNamed(name string) (t Table, ok bool) {
	for _, t := range Tables {
		if t.Name == name {
			return t, true
		}
	}
	return Table{}, false
}

// TableReader reads the inventory whole, a table at a time, a page of
// rows at a time: what a copy to another store reads. A Reader of a store
// that can be copied from implements it.
type TableReader interface {
	// TableRows lists at most limit rows of the table named (see Tables),
	// in the order of its key, after the row whose key values are after
	// (from the first row when after is nil). Each row holds the table's
	// columns in order, typed as ColumnType says.
	TableRows(ctx context.Context, table string, after []any, limit int) ([][]any, error)
}

// TableWriter writes whole rows: what a copy from another store writes. A
// Writer of a store that can be copied to implements it.
type TableWriter interface {
	TableReader
	// PutRows inserts rows of the table named as they are: ids, times
	// and actors kept, no history written (the history is rows too), no
	// rule applied but the store's constraints. Tables are put in the
	// order of Tables.
	PutRows(ctx context.Context, table string, rows [][]any) error
	// FinishRows derives what the store derives from the rows put (counts
	// per stage, id sequences, sites of observations), once all are put.
	FinishRows(ctx context.Context) error
}
