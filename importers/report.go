package importers

import (
	"github.com/sunset-tui/sunset/inventory"
)

// What happened, or would happen, to one row.
const (
	ActionCreate    = "create"
	ActionUpdate    = "update"
	ActionUnchanged = "unchanged"
	ActionConflict  = "conflict"
	ActionError     = "error"
)

// Report says what an import did (or, in a dry run, would do), row by row.
// Its JSON form is part of sunset's command-line contract. Rows is empty
// when the rows went out as they were decided (Options.Rows).
type Report struct {
	Schema int  `json:"schema"`
	DryRun bool `json:"dry_run"`
	// Written is true when a real import committed at least one change.
	Written bool         `json:"written"`
	Keys    []string     `json:"keys"`
	Files   []FileReport `json:"files"`
	Counts  Counts       `json:"counts"`
	// UnknownStatuses lists status values no vocabulary knows, with the
	// rows that carry them, so the user can say what they mean.
	UnknownStatuses []UnknownStatus `json:"unknown_statuses"`
	// SkippedClasses counts, for each file and class, the rows of a class
	// that is no device (or that --classes left out), which were skipped.
	SkippedClasses []SkippedClass `json:"skipped_classes"`
	// Warnings are about the import as a whole (a --classes that matched
	// no row), not one row.
	Warnings []string `json:"warnings"`
	Rows     []Row    `json:"rows"`
}

// FileReport says how one file was read.
type FileReport struct {
	File   string `json:"file"`
	Format Format `json:"format"`
	// Detected says why the format was chosen, when it was recognised
	// rather than given.
	Detected  string         `json:"detected,omitempty"`
	Encoding  string         `json:"encoding,omitempty"`
	Delimiter string         `json:"delimiter,omitempty"`
	Rows      int            `json:"rows"`
	BlankRows int            `json:"blank_rows,omitempty"`
	Columns   []ColumnReport `json:"columns"`
	Error     string         `json:"error,omitempty"`
}

// ColumnReport says what became of one column.
type ColumnReport struct {
	Column string `json:"column"`
	Use    string `json:"use"`
	Field  string `json:"field,omitempty"`
	Why    string `json:"why,omitempty"`
	// After names, for a column that fills its field only where another
	// column is empty, that column.
	After string `json:"after,omitempty"`
	// RowsFilled counts the rows in which the column filled its field;
	// RowsKept those in which its value was kept as an imported column
	// instead (another column filled the field, or the field could not
	// take the value). Both are known once the file is read.
	RowsFilled int `json:"rows_filled,omitempty"`
	RowsKept   int `json:"rows_kept,omitempty"`
}

// Counts add up: Rows = Created + Updated + Unchanged + Rejected +
// Skipped, and Rejected = Conflicts + Errors. Skipped rows (of classes
// left out) are counted by class in SkippedClasses, not listed one by one.
type Counts struct {
	Rows      int `json:"rows"`
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Rejected  int `json:"rejected"`
	Conflicts int `json:"conflicts"`
	Errors    int `json:"errors"`
	Skipped   int `json:"skipped"`
}

// Row is the outcome of one row.
type Row struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Action string `json:"action"`
	// Asset names the asset created, updated or matched.
	Asset   string             `json:"asset,omitempty"`
	AssetID int64              `json:"asset_id,omitempty"`
	Changes []inventory.Change `json:"changes,omitempty"`
	Reason  string             `json:"reason,omitempty"`
	// Warnings are things the row did not do, or did differently than
	// written (a name kept in notes, a stage left as it was).
	Warnings []string `json:"warnings,omitempty"`
}

// SkippedClass counts the skipped rows of one class in one file.
type SkippedClass struct {
	File  string `json:"file"`
	Class string `json:"class"`
	Rows  int    `json:"rows"`
}

// UnknownStatus is one status value that no vocabulary knows.
type UnknownStatus struct {
	Value string `json:"value"`
	File  string `json:"file"`
	Lines []int  `json:"lines"`
}

// Rejected reports whether any row was rejected.
func (r *Report) Rejected() bool { return r.Counts.Rejected > 0 }

// add counts one row's outcome.
func (c *Counts) add(action string) {
	c.Rows++
	switch action {
	case ActionCreate:
		c.Created++
	case ActionUpdate:
		c.Updated++
	case ActionUnchanged:
		c.Unchanged++
	case ActionConflict:
		c.Conflicts++
		c.Rejected++
	case ActionError:
		c.Errors++
		c.Rejected++
	}
}
