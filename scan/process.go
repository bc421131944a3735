package scan

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// pipeSize is the capacity asked for nmap's output pipe.
const pipeSize = 1 << 20

// process is one running nmap in its own process group, so that stopping
// it also stops anything it started, and so that a Ctrl-C at the terminal
// reaches sunset (which then stops nmap on purpose) rather than nmap alone.
type process struct {
	cmd    *exec.Cmd
	stdout io.ReadCloser
	stderr *tailBuffer
	exited chan struct{}
	grace  time.Duration

	mu      sync.Mutex
	stopped bool
}

// startProcess starts argv, and writes stdin to its standard input as it
// reads it, through a pipe: nothing of it is ever on disk.
func startProcess(argv, env []string, grace time.Duration, stdin []byte) (*process, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	stdout, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	// A roomy pipe lets nmap write on while a burst of hosts is decoded.
	_, _ = unix.FcntlInt(w.Fd(), unix.F_SETPIPE_SZ, pipeSize)
	cmd.Stdout = w
	p := &process{cmd: cmd, stdout: stdout, stderr: &tailBuffer{max: 16 << 10},
		exited: make(chan struct{}), grace: grace}
	cmd.Stderr = p.stderr
	// Wait must not hang on a pipe that an orphaned grandchild holds open.
	cmd.WaitDelay = grace + time.Second
	err = cmd.Start()
	w.Close() // nmap holds the write end now; EOF comes when it exits
	if err != nil {
		stdout.Close()
		return nil, err
	}
	return p, nil
}

// stop asks nmap's process group to end (SIGINT, then SIGTERM halfway
// through the grace period) and kills it when the grace period is over.
// It returns at once; wait reports the end.
func (p *process) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.stopped = true
	pgid := p.cmd.Process.Pid
	go func() {
		steps := []struct {
			sig   syscall.Signal
			after time.Duration
		}{{syscall.SIGINT, 0}, {syscall.SIGTERM, p.grace / 2}, {syscall.SIGKILL, p.grace - p.grace/2}}
		for _, s := range steps {
			select {
			case <-p.exited:
				return
			case <-time.After(s.after):
			}
			_ = syscall.Kill(-pgid, s.sig)
		}
	}()
}

// wait reaps nmap after its output was read to the end, and ends any
// escalation stop started.
func (p *process) wait() error {
	err := p.cmd.Wait()
	close(p.exited)
	p.stdout.Close()
	return err
}

// tailBuffer keeps the last max bytes written to it: nmap's error output,
// for the message when it fails.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(b), nil
}

// lastLines returns up to n non-empty lines from the end, joined by " | ".
func (t *tailBuffer) lastLines(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var lines []string
	for _, l := range strings.Split(string(t.buf), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
