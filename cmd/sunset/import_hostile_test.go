package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// command is sunset in e, not yet started.
func (e *env) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, sunsetBin, args...)
	cmd.Env = append(os.Environ(), "SUNSET_DB="+e.db, "SUNSET_ACTOR=tester", "XDG_DATA_HOME="+e.dir+"/xdg", "XDG_STATE_HOME="+e.dir+"/state")
	return cmd
}

// runStdin runs sunset with stdin on its standard input. A run that
// waits for input it will never get is killed after a while, and fails.
func (e *env) runStdin(stdin io.Reader, args ...string) result {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := e.command(ctx, args...)
	var out, errb bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		e.t.Fatalf("sunset %s still waited after 20s\nstderr: %s", strings.Join(args, " "), errb.String())
	}
	var ee *exec.ExitError
	code := 0
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		e.t.Fatalf("running sunset %v: %v", args, err)
	}
	return result{code, out.String(), errb.String()}
}

// oneLine checks that r failed with exit code and one stderr line holding
// every word of want.
func oneLine(t *testing.T, r result, code int, want ...string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	if r.code != code || len(lines) != 1 || !strings.HasPrefix(lines[0], "sunset: ") {
		t.Fatalf("exit %d and stderr %q, want exit %d and one line", r.code, r.stderr, code)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr %q lacks %q", r.stderr, w)
		}
	}
}

func mkfifo(t *testing.T, dir string) string {
	t.Helper()
	fifo := filepath.Join(dir, "in.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("LOUD SKIP: cannot make a named pipe here: %v", err)
	}
	return fifo
}

// TestImportReadsEachInputOnce: standard input, as "-" or /dev/stdin, and
// a FIFO can be read only once; each imports like a file.
func TestImportReadsEachInputOnce(t *testing.T) {
	e := newEnv(t)
	csv := func(tag string) string { return "Asset Tag;Computer Name\n" + tag + ";srv-" + tag + "\n" }
	r := e.runStdin(strings.NewReader(csv("S-1")), "import", "-")
	if r.code != 0 || !strings.Contains(r.stdout, "<stdin>: csv") || !strings.Contains(r.stdout, "1 created") {
		t.Fatalf("import -: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	r = e.runStdin(strings.NewReader(csv("S-2")), "import", "/dev/stdin")
	if r.code != 0 || !strings.Contains(r.stdout, "1 created") {
		t.Fatalf("import /dev/stdin: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	fifo := mkfifo(t, e.dir)
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		io.WriteString(f, csv("S-3"))
	}()
	r = e.runStdin(nil, "import", fifo)
	if r.code != 0 || !strings.Contains(r.stdout, "1 created") {
		t.Fatalf("import of a FIFO: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	for _, tag := range []string{"S-1", "S-2", "S-3"} {
		e.ok("asset", "show", tag)
	}
	oneLine(t, e.runStdin(strings.NewReader(csv("S-4")), "import", "-", "-"), 2, "standard input (-) can be imported only once")
}

// TestImportOfNmapXMLFromStdin: nmap XML on standard input becomes a
// check, read once.
func TestImportOfNmapXMLFromStdin(t *testing.T) {
	xml, err := os.ReadFile(filepath.Join(corpusDir(t), "nmap", "ayrx_issue_1_mac.xml"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	r := e.runStdin(bytes.NewReader(xml), "import", "-")
	if r.code != 0 || !strings.Contains(r.stdout, "<stdin>: nmap XML") || !strings.Contains(r.stdout, "imported as check #1") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
}

// TestImportWaitingForInputEndsOnSIGTERM: a FIFO nobody opens to write,
// or standard input nobody writes to, keeps sunset waiting until SIGTERM,
// which ends it at once, in one line.
func TestImportWaitingForInputEndsOnSIGTERM(t *testing.T) {
	e := newEnv(t)
	fifo := mkfifo(t, e.dir)
	defer func() { // lets go of an opening left waiting, should sunset hang
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	}()
	for name, args := range map[string][]string{"FIFO": {"import", fifo}, "stdin": {"import", "-"}} {
		t.Run(name, func(t *testing.T) {
			cmd := e.command(context.Background(), args...)
			var errb bytes.Buffer
			cmd.Stderr = &errb
			stdin, err := cmd.StdinPipe() // never written to
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(500 * time.Millisecond) // for sunset to be waiting
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				var ee *exec.ExitError
				code := 0
				if errors.As(err, &ee) {
					code = ee.ExitCode()
				}
				oneLine(t, result{code: code, stderr: errb.String()}, 2, "cannot read: interrupted (terminated signal received)")
			case <-time.After(5 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatal("sunset did not end within 5s of SIGTERM")
			}
		})
	}
}
