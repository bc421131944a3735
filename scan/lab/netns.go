package lab

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// listenIn opens a TCP listener inside network namespace ns. A socket
// belongs to the namespace it was created in, so it is created there and
// then used from anywhere.
func listenIn(ns, address string) (net.Listener, error) {
	var ln net.Listener
	err := inNamespace(ns, func() error {
		var err error
		ln, err = net.Listen("tcp4", address)
		return err
	})
	if err != nil && ln != nil {
		ln.Close()
		return nil, err
	}
	return ln, err
}

// inNamespace runs fn on a fresh thread that has entered network namespace
// ns. The thread goes back to its own namespace afterwards; if it cannot,
// it is left locked so that the runtime retires it instead of running
// anything else there.
func inNamespace(ns string, fn func() error) error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		home, err := os.Open("/proc/thread-self/ns/net")
		if err != nil {
			runtime.UnlockOSThread()
			done <- err
			return
		}
		defer home.Close()
		target, err := os.Open("/run/netns/" + ns)
		if err != nil {
			runtime.UnlockOSThread()
			done <- err
			return
		}
		defer target.Close()
		if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
			runtime.UnlockOSThread()
			done <- fmt.Errorf("enter namespace %s: %w", ns, err)
			return
		}
		fnErr := fn()
		if err := unix.Setns(int(home.Fd()), unix.CLONE_NEWNET); err != nil {
			done <- errors.Join(fnErr, fmt.Errorf("leave namespace %s: %w", ns, err))
			return // still locked: the thread ends with this goroutine
		}
		runtime.UnlockOSThread()
		done <- fnErr
	}()
	return <-done
}

// CleanLeftovers removes the namespaces of labs whose process has died
// (a crashed or killed test run). Labs of live processes are left alone,
// so parallel runs do not break each other.
func CleanLeftovers(ctx context.Context, prefix string) error {
	entries, err := os.ReadDir("/run/netns")
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		pid, ok := ownerPID(e.Name(), prefix)
		if !ok || alive(pid) {
			continue
		}
		if err := ip(ctx, "netns", "del", e.Name()); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ownerPID reads the pid out of "PREFIX-scan-PID-ID" or
// "PREFIX-dev-PID-ID-N".
func ownerPID(name, prefix string) (int, bool) {
	for _, role := range []string{"-scan-", "-dev-"} {
		rest, ok := strings.CutPrefix(name, prefix+role)
		if !ok {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		return pid, err == nil && pid > 0
	}
	return 0, false
}

func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
