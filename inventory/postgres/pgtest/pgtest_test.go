package pgtest

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// The cluster listens on its own socket only, and each database is new and
// empty, with a default collation that is not byte order when ICU is there.
func TestClusterListensOnASocketOnlyAndGivesEmptyDatabases(t *testing.T) {
	ctx := context.Background()
	u := NewDatabase(t)
	if !strings.Contains(u, "host=%2F") {
		t.Fatalf("URL %s does not name a socket directory", u)
	}
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var listen string
	if err := conn.QueryRow(ctx, `SHOW listen_addresses`).Scan(&listen); err != nil {
		t.Fatal(err)
	}
	if listen != "" {
		t.Fatalf("listen_addresses = %q, want none", listen)
	}
	var tables int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Fatalf("a new database has %d tables", tables)
	}
	u2 := NewDatabase(t)
	if u2 == u {
		t.Fatal("two tests got the same database")
	}
}
