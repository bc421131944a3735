package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// TestCrashMidTransactionKeepsExactlyTheCommittedRows kills a process with
// SIGKILL in the middle of a 50,000-asset Update, after it committed a
// first batch, and finds the file intact with exactly that batch.
func TestCrashMidTransactionKeepsExactlyTheCommittedRows(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	path := filepath.Join(t.TempDir(), "sunset.db")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := child(ctx, t, "crash", path, "")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if err := waitFor(stdout, "in-tx"); err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal(err)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no deferred cleanup, no rollback
		t.Fatal(err)
	}
	err = cmd.Wait()
	if cmd.ProcessState.Success() {
		t.Fatalf("child exited normally (%v), it should have been killed", err)
	}
	if st, err := os.Stat(path + "-wal"); err == nil {
		t.Logf("WAL left by the killed process: %d bytes", st.Size())
	}

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("reopening after the crash: %v", err)
	}
	defer s.Close()
	var check string
	if err := s.writer.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	var fk int
	if rows, err := s.writer.Query(`PRAGMA foreign_key_check`); err != nil {
		t.Fatal(err)
	} else {
		for rows.Next() {
			fk++
		}
		rows.Close()
	}
	if fk != 0 {
		t.Fatalf("foreign_key_check found %d dangling rows", fk)
	}
	for _, c := range []struct {
		what  string
		query string
		want  int
	}{
		{"assets", `SELECT count(*) FROM assets`, crashCommitted},
		{"committed assets", `SELECT count(*) FROM assets WHERE tag LIKE 'committed-%'`, crashCommitted},
		{"addresses", `SELECT count(*) FROM addresses`, crashCommitted},
		{"created events", `SELECT count(*) FROM assets WHERE created_by = 'crash-child'`, crashCommitted},
		{"revision", `SELECT value FROM meta WHERE key = 'revision'`, 1},
	} {
		if got := count(t, s, c.query); got != c.want {
			t.Errorf("%s: %d, want %d", c.what, got, c.want)
		}
	}
	// The store still works after recovery.
	a := testAsset("after-crash", 1)
	if err := s.Update(context.Background(), func(w inventory.Writer) error { return w.CreateAsset(context.Background(), &a, "") }); err != nil {
		t.Fatalf("writing after recovery: %v", err)
	}
}
