package inventory

import "strings"

// ImportedColumn is one value an import read from a column that is no
// asset field ("Rack": "R01"), kept apart from the asset's notes, which
// are a person's: a later import of the same column replaces the value,
// and never the notes.
type ImportedColumn struct {
	// Column is the column's title in the file.
	Column string `json:"column"`
	Value  string `json:"value"`
	// Source is the format of the file it came from: netbox, csv, ...
	Source string `json:"source"`
}

// Validate refuses a column without a title, text that is not UTF-8, a
// title longer than MaxShortText and a value longer than MaxNotes.
func (c ImportedColumn) Validate() error {
	if strings.TrimSpace(c.Column) == "" {
		return FieldError("imported", "a column without a title")
	}
	if err := checkText("imported", c.Column, MaxShortText); err != nil {
		return err
	}
	if err := checkIdentifier("imported", c.Column); err != nil {
		return err
	}
	if err := checkText("imported: "+c.Column, c.Value, MaxNotes); err != nil {
		return err
	}
	return checkText("imported: "+c.Column, c.Source, MaxShortText)
}

// ImportedField is how a change of an imported column is named in
// history and in an import's report.
func ImportedField(column string) string { return "imported: " + column }

// NameKey is a hostname or a name as the inventory compares them: trimmed
// and in lower case.
func NameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }
