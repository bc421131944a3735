package sqlite

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTwoProcessesWriteAtOnce runs two processes that open the same new
// file together and then make many small Updates at the same time. Both
// must succeed without "database is locked" reaching them, every row must
// be there, and the revision must count every Update of both.
func TestTwoProcessesWriteAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("two-process test skipped in -short mode")
	}
	path := filepath.Join(t.TempDir(), "shared", "sunset.db")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	names := []string{"left", "right"}
	var stderrs [2]bytes.Buffer
	var stdins [2]io.WriteCloser
	var cmds [2]*execCmd
	for i, name := range names {
		cmd := child(ctx, t, "writer", path, name)
		cmd.Stderr = &stderrs[i]
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i], stdins[i] = &execCmd{cmd, stdout}, stdin
	}
	for i, c := range cmds {
		if err := waitFor(c.stdout, "ready"); err != nil {
			t.Fatalf("%s: %v; stderr: %s", names[i], err, stderrs[i].String())
		}
	}
	for _, in := range stdins {
		fmt.Fprintln(in, "go")
	}
	var windows [2][2]int64
	for i, c := range cmds {
		out, _ := io.ReadAll(c.stdout)
		if err := c.cmd.Wait(); err != nil {
			t.Errorf("%s failed: %v; stderr: %s", names[i], err, stderrs[i].String())
		}
		if strings.Contains(stderrs[i].String(), "locked") {
			t.Errorf("%s saw a lock error: %s", names[i], stderrs[i].String())
		}
		if _, err := fmt.Sscanf(lastLine(out), "window %d %d", &windows[i][0], &windows[i][1]); err != nil {
			t.Errorf("%s did not report its window: %q", names[i], out)
		}
	}
	if t.Failed() {
		return
	}

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	per := writerUpdates * writerAssets
	for _, name := range names {
		if got := count(t, s, `SELECT count(*) FROM assets WHERE tag LIKE ? || '-%'`, name); got != per {
			t.Errorf("%s: %d assets, want %d", name, got, per)
		}
		if got := count(t, s, `SELECT count(*) FROM assets WHERE tag LIKE ? || '-%' AND created_by = ?`, name, name); got != per {
			t.Errorf("%s: %d assets created by %s, want %d", name, got, name, per)
		}
		if got := count(t, s, `SELECT count(*) FROM events e JOIN assets a ON a.id = e.asset_id WHERE a.tag LIKE ? || '-%' AND e.actor = ?`, name, name); got != writerUpdates {
			t.Errorf("%s: %d events by %s, want %d", name, got, name, writerUpdates)
		}
	}
	if got := count(t, s, `SELECT value FROM meta WHERE key = 'revision'`); got != 2*writerUpdates {
		t.Errorf("revision %d, want %d (one per Update of either process)", got, 2*writerUpdates)
	}
	if got := count(t, s, `SELECT count(*) FROM schema_migrations`); got != len(mustMigrations(t)) {
		t.Errorf("%d migrations recorded, want each once", got)
	}
	// The two runs of Updates overlapped in time, so one process's Updates
	// had to wait for the other's write lock.
	if from, to := max(windows[0][0], windows[1][0]), min(windows[0][1], windows[1][1]); from >= to {
		t.Errorf("the two processes did not write at the same time (windows %v); the test proved nothing", windows)
	} else {
		t.Logf("the writers overlapped for %v", time.Duration(to-from))
	}
	// How often the write lock changed hands, ordered by id.
	rows, err := s.reader.Query(`SELECT tag FROM assets ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	switches, last := 0, ""
	for rows.Next() {
		var tag string
		rows.Scan(&tag)
		who, _, _ := strings.Cut(tag, "-")
		if last != "" && who != last {
			switches++
		}
		last = who
	}
	t.Logf("the write lock changed hands %d times", switches)
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}
