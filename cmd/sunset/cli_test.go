package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory/postgres/pgtest"
)

// sunsetBin is the real binary, built once, so that exit codes and output
// streams are tested exactly as scripts see them.
var sunsetBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sunset-cli-test")
	if err != nil {
		panic(err)
	}
	sunsetBin = filepath.Join(dir, "sunset")
	build := exec.Command("go", "build", "-o", sunsetBin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		os.RemoveAll(dir)
		panic("building sunset: " + err.Error())
	}
	code := pgtest.Main(m) // m.Run, then stop a PostgreSQL cluster a test started
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// env is one isolated sunset installation: its own database and actor.
type env struct {
	t   *testing.T
	db  string
	dir string
}

func newEnv(t *testing.T) *env {
	dir := t.TempDir()
	return &env{t: t, db: filepath.Join(dir, "data", "sunset.db"), dir: dir}
}

func (e *env) run(args ...string) result {
	e.t.Helper()
	return e.runEnv(nil, args...)
}

// runEnv is run with more environment variables.
func (e *env) runEnv(extra []string, args ...string) result {
	e.t.Helper()
	cmd := exec.Command(sunsetBin, args...)
	cmd.Env = append(os.Environ(), "SUNSET_DB="+e.db, "SUNSET_ACTOR=tester", "XDG_DATA_HOME="+e.dir+"/xdg", "XDG_STATE_HOME="+e.dir+"/state")
	cmd.Env = append(cmd.Env, extra...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		e.t.Fatalf("running sunset %v: %v", args, err)
	}
	return result{code, out.String(), errb.String()}
}

// ok runs a command that must succeed.
func (e *env) ok(args ...string) result {
	e.t.Helper()
	r := e.run(args...)
	if r.code != 0 {
		e.t.Fatalf("sunset %s: exit %d\nstderr: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r
}

// fails runs a command that must exit with code and one stderr line
// containing every word of want.
func (e *env) fails(code int, want []string, args ...string) result {
	e.t.Helper()
	r := e.run(args...)
	if r.code != code {
		e.t.Fatalf("sunset %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, code, r.stdout, r.stderr)
	}
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "sunset: ") {
		e.t.Errorf("sunset %s: stderr should be one line starting with \"sunset: \", got %q", strings.Join(args, " "), r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			e.t.Errorf("sunset %s: stderr %q lacks %q", strings.Join(args, " "), r.stderr, w)
		}
	}
	return r
}

// jsonDoc decodes a JSON document and checks the schema envelope.
func jsonDoc(t *testing.T, out string) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, out)
	}
	if doc["schema"] != float64(1) {
		t.Fatalf("schema = %v, want 1", doc["schema"])
	}
	return doc
}

// Ctrl-C or SIGTERM ends a command with one line that says so, not with
// the context's own words.
func TestAnInterruptedCommandSaysSo(t *testing.T) {
	e := newEnv(t)
	e.ok("asset", "add", "--tag", "A-1", "--hostname", "a1")
	t.Setenv("SUNSET_DB", e.db)
	for _, args := range [][]string{{"findings"}, {"report"}, {"due"}, {"asset", "list"}} {
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(errors.New("terminated signal received"))
		var out, errb bytes.Buffer
		code := run(ctx, args, strings.NewReader(""), &out, &errb)
		if code != exitFailed || errb.String() != "sunset: interrupted (terminated signal received)\n" {
			t.Errorf("sunset %v: exit %d, stderr %q; want 2 and the interruption", args, code, errb.String())
		}
	}
}
