package importers

import (
	"encoding/csv"
	"encoding/json"
	"io"

	"github.com/sunset-tui/sunset/inventory"
)

// ExportHeader is the header of sunset's CSV export: every asset field by
// its kebab-case name, in inventory.Fields order.
func ExportHeader() []string {
	h := make([]string, len(inventory.Fields))
	for i, f := range inventory.Fields {
		h[i] = f.Name
	}
	return h
}

// ExportCSV writes assets as CSV with ExportHeader. Addresses of one kind
// (ip, mac, dns) share a cell, separated by single spaces, the primary IP
// first. A cell beginning with = + - @ tab or CR, or with a quote, gets a
// leading quote so that spreadsheets show it as text instead of running it
// as a formula; importing the file removes exactly that quote again.
func ExportCSV(w io.Writer, assets []inventory.Asset) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ExportHeader()); err != nil {
		return err
	}
	rec := make([]string, len(inventory.Fields))
	for i := range assets {
		for j, f := range inventory.Fields {
			rec[j] = guardCell(f.Get(&assets[i]))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ExportJSON writes {"schema": 1, "assets": [...]} with every asset in full
// (addresses, timestamps, ids).
func ExportJSON(w io.Writer, assets []inventory.Asset) error {
	if assets == nil {
		assets = []inventory.Asset{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Schema int               `json:"schema"`
		Assets []inventory.Asset `json:"assets"`
	}{1, assets})
}
