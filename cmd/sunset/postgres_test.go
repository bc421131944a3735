package main

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sunset-tui/sunset/inventory/postgres/pgtest"
)

// A postgres:// URL in SUNSET_DB or --db puts the inventory in that
// database, and the password it holds reaches no output: not `policy
// show` (text or JSON), not --help, not the note that an inventory was
// created, not an error.
func TestAPostgresURLChoosesPostgreSQLAndItsPasswordIsNeverShown(t *testing.T) {
	const secret = "s3cr3t-Pw"
	plain := pgtest.NewDatabase(t)
	withPassword := strings.Replace(plain, "postgres://postgres@", "postgres://postgres:"+secret+"@", 1)
	if withPassword == plain {
		t.Fatalf("cannot put a password into %s", plain)
	}
	e := newEnv(t)
	e.db = withPassword
	shown := []result{e.ok("asset", "add", "--tag", "PG-1", "--hostname", "pg-one", "--owner", "Zoë")}
	if !strings.Contains(shown[0].stderr, "created a new inventory at postgres://postgres@/") {
		t.Errorf("the first write does not say it created the inventory, by URL: %q", shown[0].stderr)
	}
	show := e.ok("policy", "show")
	if !strings.Contains(show.stdout, "database: postgres://postgres@/") {
		t.Errorf("policy show does not name the database by its URL:\n%s", show.stdout)
	}
	asJSON := e.ok("policy", "show", "--json")
	if db, _ := jsonDoc(t, asJSON.stdout)["database"].(string); !strings.HasPrefix(db, "postgres://postgres@/") {
		t.Errorf("policy show --json names the database %q", db)
	}
	shown = append(shown, show, asJSON, e.ok("--help"), e.ok("asset", "list", "--owner", "ZOË"))
	if !strings.Contains(shown[len(shown)-1].stdout, "PG-1") {
		t.Errorf("the owner filter in any case does not find Zoë's asset:\n%s", shown[len(shown)-1].stdout)
	}
	u, err := url.Parse(plain)
	if err != nil {
		t.Fatal(err)
	}
	missing := strings.Replace(withPassword, u.Path, "/no_such_database", 1)
	e.db = missing
	shown = append(shown, e.fails(2, []string{"no_such_database"}, "asset", "list"))
	for _, r := range shown {
		if strings.Contains(r.stdout+r.stderr, secret) {
			t.Errorf("output shows the password:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
		}
	}

	// The asset is in PostgreSQL, not in a file named like the URL.
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, plain)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var tag string
	if err := conn.QueryRow(ctx, `SELECT tag FROM assets`).Scan(&tag); err != nil || tag != "PG-1" {
		t.Fatalf("assets in PostgreSQL: %q, %v", tag, err)
	}
}
