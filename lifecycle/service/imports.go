package service

import (
	"context"

	"github.com/sunset-tui/sunset/importers"
)

// ImportTables applies CSV files and CMDB exports to the inventory, all
// or nothing, in one transaction (or, with opts.DryRun, reports what would
// happen): new assets at the end of their life get their checklist with
// them, and every asset the import changed has its checklist brought in
// step. Each file is read once, as a stream, and applied in batches inside
// the transaction; with opts.Rows the report's rows go out as they are
// decided instead of being held (see importers.Import).
func (s *Service) ImportTables(ctx context.Context, files []string, opts importers.Options) (importers.Report, error) {
	opts.NewChecklist, opts.BeforeCommit = newChecklist, syncChecklists
	return importers.Import(ctx, s.store, files, opts)
}
