package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// tmuxSession drives the real sunset binary in a terminal, as a person
// would: keys in with send-keys, the screen out with capture-pane.
type tmuxSession struct {
	t      *testing.T
	socket string
}

// needTmux skips loudly without tmux; CI (which requires the live tests)
// installs it, so there a missing tmux fails.
func needTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("SUNSET_REQUIRE_NMAP") == "1" {
			t.Fatal("tmux is required for the end-to-end tests but not installed (apt-get install -y tmux)")
		}
		t.Skip("SKIPPING end-to-end terminal test: tmux is not installed (apt-get install -y tmux)")
	}
}

// startTmux runs sunset with args in a new tmux server of its own, at a
// fixed size, with env added to the environment.
func startTmux(t *testing.T, env []string, args ...string) *tmuxSession {
	t.Helper()
	needTmux(t)
	s := &tmuxSession{t: t, socket: fmt.Sprintf("sunset-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	cmdline := []string{"env"}
	cmdline = append(cmdline, env...)
	cmdline = append(cmdline, "TERM=xterm-256color", sunsetBin)
	cmdline = append(cmdline, args...)
	// Keep the pane open after sunset exits so its last words can be read.
	shell := strings.Join(quoteAll(cmdline), " ") + "; echo SUNSET-EXITED-$?; sleep 30"
	s.tmux("new-session", "-d", "-s", "main", "-x", "120", "-y", "36", shell)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	return s
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return out
}

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.tmux("capture-pane", "-p", "-t", "main") }

// keys sends tmux key names (Enter, Escape, C-x, Right) one by one.
func (s *tmuxSession) keys(names ...string) {
	for _, k := range names {
		s.tmux("send-keys", "-t", "main", k)
		time.Sleep(60 * time.Millisecond)
	}
}

// typeText sends text literally.
func (s *tmuxSession) typeText(text string) {
	s.tmux("send-keys", "-t", "main", "-l", text)
	time.Sleep(60 * time.Millisecond)
}

// waitFor waits until every string is on screen at once.
func (s *tmuxSession) waitFor(timeout time.Duration, want ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	var scr string
	for time.Now().Before(deadline) {
		scr = s.screen()
		all := true
		for _, w := range want {
			if !strings.Contains(scr, w) {
				all = false
				break
			}
		}
		if all {
			return scr
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatalf("waited %s for %q; the screen shows:\n%s", timeout, want, scr)
	return ""
}
