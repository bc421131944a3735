package demo

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCrashedDemoIsCleanedUpByTheNextStart runs a real demo in a child
// process, kills it with SIGKILL (no Close, no deferred code), and shows
// that the next Start removes its directory and, as root, its lab.
func TestCrashedDemoIsCleanedUpByTheNextStart(t *testing.T) {
	if os.Getenv("SUNSET_DEMO_CRASH_CHILD") == "1" {
		d, err := Start(context.Background(), Options{})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("ready", d.Mode, d.Dir)
		time.Sleep(time.Minute) // killed long before
		os.Exit(3)
	}
	child := exec.Command(os.Args[0], "-test.run=^TestCrashedDemoIsCleanedUpByTheNextStart$")
	child.Env = append(os.Environ(), "SUNSET_DEMO_CRASH_CHILD=1")
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { child.Process.Kill(); child.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("child demo: %v", err)
	}
	var mode, dir string
	if _, err := fmt.Sscanf(line, "ready %s %s", &mode, &dir); err != nil {
		t.Fatalf("child demo said %q", line)
	}
	pid := child.Process.Pid
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the crashed demo's directory should still be there before the next start: %v", err)
	}
	mine := func() []string {
		var out []string
		entries, _ := os.ReadDir("/run/netns")
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), fmt.Sprintf("%s-scan-%d-", labPrefix, pid)) ||
				strings.HasPrefix(e.Name(), fmt.Sprintf("%s-dev-%d-", labPrefix, pid)) {
				out = append(out, e.Name())
			}
		}
		return out
	}
	left := mine()
	if mode == Namespaces.String() && len(left) == 0 {
		t.Fatal("the crashed namespace demo left no namespaces: the test proves nothing")
	}
	t.Logf("the %s demo of pid %d left %s and %d namespaces", mode, pid, dir, len(left))

	startDemo(t, Options{Lab: None})
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the crashed demo's directory %s is still there: %v", dir, err)
	}
	if still := mine(); len(still) > 0 {
		t.Errorf("the crashed demo's namespaces are still there: %v", still)
	}
}
