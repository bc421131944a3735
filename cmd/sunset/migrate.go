package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/importers"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

func newMigrateCmd(a *app) *cobra.Command {
	var target string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "migrate --to TARGET [--json]",
		Short: "Copy the whole inventory into another, empty store (a SQLite file or a postgres:// URL)",
		Long: `Copy the whole inventory of --db into the store TARGET names: assets
with their addresses and imported columns, port mappings, checklists,
sanitization records, checks and observations, dismissals,
acknowledgements, owners and the notification sent-log, the history of
every asset and the policy, each with its ids, times and actors as they
are. TARGET is a SQLite database file (created when missing) or a
postgres:// URL, and must hold no inventory yet: a target that is not
empty is refused and left as it was.

The copy reads the inventory a page at a time in one read transaction,
and writes it in one transaction on the target, which it commits only
once every table of the target, read back, holds as many rows as the
original and the same ones, and both export the same assets. --db is
never changed.

Exit codes: 0 copied; 2 not copied (the target is not empty, either
store cannot be opened, or the copy differs from the original).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if target == "" {
				return usageError("migrate needs --to TARGET, a SQLite file or a postgres:// URL (see `sunset migrate --help`)")
			}
			from, err := a.open()
			if err != nil {
				return err
			}
			to, closeTo, err := a.openOther(target)
			if err != nil {
				return err
			}
			defer closeTo()
			if to.Location() == from.Location() {
				return usageError("--to %s is the inventory --db names: give another store", to.Location())
			}
			bar := newProgressBar(a.stderr, "copying")
			counts, err := inventory.Copy(cmd.Context(), from, to, inventory.CopyOptions{Verify: sameExports,
				Progress: func(table string, rows int64) {
					done := slices.IndexFunc(inventory.Tables, func(t inventory.Table) bool { return t.Name == table })
					bar.update(100*float64(done)/float64(len(inventory.Tables)), 0, fmt.Sprintf("%s: %d rows", table, rows))
				}})
			bar.done()
			if err != nil {
				return fmt.Errorf("nothing was copied into %s%s: %w", to.Location(), takeBack(to), err)
			}
			if asJSON {
				return writeJSON(a.stdout, map[string]any{"from": from.Location(), "to": to.Location(), "tables": counts})
			}
			t := newTable(a.stdout, "TABLE", "ROWS")
			var total int64
			for _, c := range counts {
				t.row(c.Table, fmt.Sprint(c.Rows))
				total += c.Rows
			}
			if err := t.flush(); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "copied %d rows from %s into %s; counts and exports agree\n", total, from.Location(), to.Location())
			return nil
		},
	}
	cmd.Flags().StringVar(&target, "to", "", "the store to copy into: a SQLite database file or a postgres:// URL; it must be empty")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// takeBack removes the SQLite database a failed migrate made for its
// copy (with what SQLite made beside it), so that none is left where
// there was none, and says so. A database that was there, and a
// PostgreSQL one, keep what opening it wrote (its tables) and no rows.
func takeBack(to inventory.Store) string {
	s, ok := to.(*sqlite.Store)
	if !ok || !s.Created() {
		return ""
	}
	s.Discard()
	if _, err := os.Lstat(s.Location()); err == nil {
		return " (the file it made could not be removed)"
	}
	return " (the file it made is removed)"
}

// openOther opens the store dsn names to write, as --db would open it,
// beside the one --db names; close closes it.
func (a *app) openOther(dsn string) (s inventory.Store, close func(), err error) {
	other := &app{dbPath: dsn, actor: a.actor, now: a.now, stdin: a.stdin, stdout: a.stdout, stderr: a.stderr}
	if s, err = other.openToWrite(); err != nil {
		return nil, nil, err
	}
	return s, other.close, nil
}

// sameExports compares the JSON exports of both inventories, as
// `sunset export --format json` writes them, by their digests: memory
// holds a page of assets, not the export.
func sameExports(ctx context.Context, from, to inventory.Reader) error {
	want, err := exportDigest(ctx, from)
	if err != nil {
		return fmt.Errorf("export the original: %w", err)
	}
	got, err := exportDigest(ctx, to)
	if err != nil {
		return fmt.Errorf("export the copy: %w", err)
	}
	if !bytes.Equal(got, want) {
		return inventory.Errorf(inventory.ErrOther, "the copy exports other assets than the original")
	}
	return nil
}

func exportDigest(ctx context.Context, r inventory.Reader) ([]byte, error) {
	h := sha256.New()
	e, err := importers.NewJSONExporter(io.Writer(h))
	if err != nil {
		return nil, err
	}
	if err := exportPages(ctx, r, inventory.AssetFilter{}, e); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
