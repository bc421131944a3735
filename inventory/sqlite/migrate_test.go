package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

func mustMigrations(t *testing.T) []migration {
	t.Helper()
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// TestMigrationsAppliedOnceInOrder: a new file records every embedded
// migration; opening it again applies none twice and keeps the data.
func TestMigrationsAppliedOnceInOrder(t *testing.T) {
	all := mustMigrations(t)
	if len(all) == 0 || all[0].name != "0001_init.sql" {
		t.Fatalf("embedded migrations = %v, want 0001_init.sql first", all)
	}
	path := filepath.Join(t.TempDir(), "sunset.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a := inventory.Asset{Tag: "keep-me"}
	if err := s.Update(ctx, func(w inventory.Writer) error { return w.CreateAsset(ctx, &a, "") }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	defer s.Close()
	rows, err := s.reader.Query(`SELECT version, name FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			t.Fatal(err)
		}
		if i >= len(all) || v != all[i].version || name != all[i].name {
			t.Fatalf("schema_migrations row %d = %d %s", i, v, name)
		}
		i++
	}
	if i != len(all) {
		t.Fatalf("%d migrations recorded, want %d", i, len(all))
	}
	if _, err := s.FindAsset(ctx, "keep-me"); err != nil {
		t.Fatalf("data lost on reopening: %v", err)
	}
}

// TestNewerSchemaIsRefused: a file migrated by a newer sunset is not
// touched by an older one.
func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sunset.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.writer.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', '')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(path, Options{})
	if !inventory.IsKind(err, inventory.ErrUnavailable) || !strings.Contains(err.Error(), "9999") || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open = %v, want an unavailable error naming the file and schema 9999", err)
	}
}

// TestFailedMigrationLeavesNoTrace runs a broken migration and finds
// neither its tables nor its record: each migration is one transaction.
func TestFailedMigrationLeavesNoTrace(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	next := len(all) + 1
	bad := migration{version: next, name: fmt.Sprintf("%04d_broken.sql", next), sql: `CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);`}
	if err := applyMigration(ctx, s.writer, bad, next); err == nil {
		t.Fatal("a broken migration succeeded")
	}
	if n := count(t, s, `SELECT count(*) FROM sqlite_master WHERE name = 'half'`); n != 0 {
		t.Fatal("the broken migration's table was kept")
	}
	if n := count(t, s, fmt.Sprintf(`SELECT count(*) FROM schema_migrations WHERE version = %d`, next)); n != 0 {
		t.Fatal("the broken migration was recorded")
	}
}
