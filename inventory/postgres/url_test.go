package postgres

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/postgres/pgtest"
)

func TestRedactLeavesOutEveryPasswordAndKeepsTheRest(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://alice:pa55@db.example:5432/sunset?sslmode=verify-full", "postgres://alice@db.example:5432/sunset?sslmode=verify-full"},
		{"postgresql://alice:p%40ss@db.example/sunset", "postgresql://alice@db.example/sunset"},
		{"postgres://alice@db.example/sunset?password=pa55&sslmode=require", "postgres://alice@db.example/sunset?sslmode=require"},
		{"postgres://db.example/sunset", "postgres://db.example/sunset"},
		{"host=db.example user=alice password=pa55 dbname=sunset", "host=db.example user=alice password=REDACTED dbname=sunset"},
		{"host=db.example password='pa 55' dbname=sunset", "host=db.example password=REDACTED dbname=sunset"},
		{"postgres://alice:pa55@[bad", "postgres://[bad"},
	} {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestIsURLTakesBothSchemesInAnyCase(t *testing.T) {
	for in, want := range map[string]bool{
		"postgres://h/db": true, "postgresql://h/db": true, "POSTGRES://h/db": true,
		"/var/lib/sunset.db": false, "sunset.db": false, "mysql://h/db": false, "postgres:/h": false,
	} {
		if got := IsURL(in); got != want {
			t.Errorf("IsURL(%q) = %v", in, got)
		}
	}
}

// Location and every error of Open name the database without the
// password of its URL (the test cluster trusts local connections, so a
// password given is accepted and ignored).
func TestPasswordInTheURLReachesNeitherLocationNorErrors(t *testing.T) {
	const secret = "Tr0ub4dor-3"
	plain := pgtest.NewDatabase(t)
	withPassword := strings.Replace(plain, "postgres://postgres@", "postgres://postgres:"+secret+"@", 1)
	s, err := Open(withPassword, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Location() != plain {
		t.Errorf("Location() = %q, want %q", s.Location(), plain)
	}
	if !s.Created() {
		t.Error("Open of an empty database does not say it created the inventory")
	}
	again, err := Open(withPassword, Options{MustExist: true})
	if err != nil {
		t.Fatalf("opening an existing inventory: %v", err)
	}
	if again.Created() {
		t.Error("a second Open says it created the inventory")
	}
	again.Close()
	upper, err := Open("POSTGRESQL"+strings.TrimPrefix(withPassword, "postgres"), Options{MustExist: true})
	if err != nil {
		t.Fatalf("opening by a URL whose scheme is in capitals: %v", err)
	}
	upper.Close()

	bad := []string{
		strings.Replace(withPassword, "/sunset_test_", "/no_such_db_", 1),                    // no database
		strings.Replace(withPassword, "sslmode=disable", "sslmode=disable&port=notaport", 1), // a URL pgx refuses
		strings.Replace(withPassword, "host=", "connect_timeout=1&host=%2Fno%2Fsuch%2F", 1),  // no server
	}
	for _, u := range bad {
		_, err := Open(u, Options{})
		if err == nil {
			t.Fatalf("Open(%s) succeeded", Redact(u))
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the error repeats the password: %v", err)
		}
		if !inventory.IsKind(err, inventory.ErrUnavailable) {
			t.Errorf("Open(%s): %v is not ErrUnavailable", Redact(u), err)
		}
	}
	fresh := pgtest.NewDatabase(t)
	if _, err := Open(fresh, Options{MustExist: true}); !inventory.IsKind(err, inventory.ErrNotFound) {
		t.Errorf("MustExist on a database with no inventory: %v, want ErrNotFound", err)
	}
}

// A role that must give its password logs in with the one in PGPASSFILE,
// or in the URL, and nothing the store says repeats it, not even when
// the server refuses a wrong one.
func TestAPasswordFromPGPASSFILEOrTheURLLogsInAndIsNeverShown(t *testing.T) {
	const password, wrong = "c0rrect-H0rse", "wr0ng-B4ttery"
	trusted := pgtest.NewDatabase(t)
	ctx := context.Background()
	admin := connect(t, trusted)
	u, err := url.Parse(trusted)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	// The role is the cluster's: made once, its password set each time.
	if _, err := admin.Exec(ctx, `DO $$ BEGIN CREATE ROLE `+pgtest.PasswordUser+` LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, `ALTER ROLE `+pgtest.PasswordUser+` PASSWORD '`+password+`'`); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, `ALTER DATABASE `+name+` OWNER TO `+pgtest.PasswordUser); err != nil {
		t.Fatal(err)
	}
	asUser := strings.Replace(trusted, "postgres://postgres@", "postgres://"+pgtest.PasswordUser+"@", 1)
	dir := t.TempDir()
	t.Setenv("PGPASSFILE", filepath.Join(dir, "none"))
	t.Setenv("PGPASSWORD", "")
	t.Setenv("HOME", dir)

	// No password anywhere: refused.
	if _, err := Open(asUser, Options{}); err == nil || !inventory.IsKind(err, inventory.ErrUnavailable) {
		t.Fatalf("Open with no password: %v, want ErrUnavailable", err)
	}
	// A wrong one in the URL: refused, and the error does not repeat it.
	withWrong := strings.Replace(asUser, pgtest.PasswordUser+"@", pgtest.PasswordUser+":"+wrong+"@", 1)
	_, err = Open(withWrong, Options{})
	if err == nil {
		t.Fatal("Open with a wrong password succeeded")
	}
	if strings.Contains(err.Error(), wrong) {
		t.Errorf("the refusal repeats the password: %v", err)
	}
	// The right one in PGPASSFILE.
	passfile := filepath.Join(dir, "pgpass")
	if err := os.WriteFile(passfile, []byte("*:*:*:"+pgtest.PasswordUser+":"+password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSFILE", passfile)
	s, err := Open(asUser, Options{})
	if err != nil {
		t.Fatalf("Open with PGPASSFILE: %v", err)
	}
	if err := s.Update(ctx, func(w inventory.Writer) error { return w.CreateAsset(ctx, &inventory.Asset{Tag: "PW-1"}, "") }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// The right one in the URL: in, and not in Location.
	t.Setenv("PGPASSFILE", filepath.Join(dir, "none"))
	withRight := strings.Replace(asUser, pgtest.PasswordUser+"@", pgtest.PasswordUser+":"+password+"@", 1)
	s, err = Open(withRight, Options{MustExist: true})
	if err != nil {
		t.Fatalf("Open with the password in the URL: %v", err)
	}
	defer s.Close()
	if strings.Contains(s.Location(), password) || s.Location() != asUser {
		t.Errorf("Location() = %q, want %q", s.Location(), asUser)
	}
	if a, err := s.FindAsset(ctx, "PW-1"); err != nil || a.Tag != "PW-1" {
		t.Fatalf("FindAsset: %v", err)
	}
}
