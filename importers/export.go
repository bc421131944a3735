package importers

import (
	"encoding/csv"
	"encoding/json"
	"io"

	"github.com/sunset-tui/sunset/inventory"
)

// ExportHeader is the header of sunset's CSV export: every asset field by
// its kebab-case name, in inventory.Fields order, then the tool an asset
// came from and its id there (source, external-id), which identify an
// asset that nothing else names (a NetBox device known by its ID), so
// that an import of the export finds each asset again.
func ExportHeader() []string {
	h := make([]string, 0, len(inventory.Fields)+len(exportSourceColumns))
	for _, f := range inventory.Fields {
		h = append(h, f.Name)
	}
	return append(h, exportSourceColumns...)
}

// exportSourceColumns are the columns ExportHeader writes after the
// fields.
var exportSourceColumns = []string{targetSource, targetExternalID}

// ExportCSV writes assets as CSV with ExportHeader. Addresses of one kind
// (ip, mac, dns) share a cell, separated by single spaces, the primary IP
// first. A cell beginning with = + - @ tab or CR, or with a quote, gets a
// leading quote so that spreadsheets show it as text instead of running it
// as a formula; importing the file removes exactly that quote again.
func ExportCSV(w io.Writer, assets []inventory.Asset) error {
	e, err := NewCSVExporter(w)
	if err != nil {
		return err
	}
	if err := e.Write(assets); err != nil {
		return err
	}
	return e.Close()
}

// CSVExporter writes the CSV of ExportCSV a batch of assets at a time, so
// that a large inventory is exported a page at a time.
type CSVExporter struct {
	cw  *csv.Writer
	rec []string
}

// NewCSVExporter writes the header and returns the exporter.
func NewCSVExporter(w io.Writer) (*CSVExporter, error) {
	e := &CSVExporter{cw: csv.NewWriter(w), rec: make([]string, len(inventory.Fields)+len(exportSourceColumns))}
	return e, e.cw.Write(ExportHeader())
}

// Write writes a batch of assets.
func (e *CSVExporter) Write(assets []inventory.Asset) error {
	for i := range assets {
		a := &assets[i]
		for j, f := range inventory.Fields {
			e.rec[j] = guardCell(f.Get(a))
		}
		n := len(inventory.Fields)
		e.rec[n], e.rec[n+1] = guardCell(a.Source), guardCell(a.ExternalID)
		if err := e.cw.Write(e.rec); err != nil {
			return err
		}
	}
	return nil
}

// Close flushes what is written.
func (e *CSVExporter) Close() error {
	e.cw.Flush()
	return e.cw.Error()
}

// ExportJSON writes {"schema": 1, "assets": [...]} with every asset in full
// (addresses, timestamps, ids).
func ExportJSON(w io.Writer, assets []inventory.Asset) error {
	e, err := NewJSONExporter(w)
	if err != nil {
		return err
	}
	if err := e.Write(assets); err != nil {
		return err
	}
	return e.Close()
}

// JSONExporter writes the document of ExportJSON a batch of assets at a
// time.
type JSONExporter struct {
	w       io.Writer
	written int
}

// NewJSONExporter starts the document.
func NewJSONExporter(w io.Writer) (*JSONExporter, error) {
	_, err := io.WriteString(w, "{\n  \"schema\": 1,\n  \"assets\": [")
	return &JSONExporter{w: w}, err
}

// Write writes a batch of assets, each on a line of its own.
func (e *JSONExporter) Write(assets []inventory.Asset) error {
	for i := range assets {
		b, err := json.Marshal(&assets[i])
		if err != nil {
			return err
		}
		sep := ",\n    "
		if e.written == 0 {
			sep = "\n    "
		}
		e.written++
		if _, err := io.WriteString(e.w, sep); err != nil {
			return err
		}
		if _, err := e.w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// Close ends the document.
func (e *JSONExporter) Close() error {
	end := "]\n}\n"
	if e.written > 0 {
		end = "\n  ]\n}\n"
	}
	_, err := io.WriteString(e.w, end)
	return err
}
