// Command sunset tracks network devices from deployment to retirement and
// proves, by live checks, that retired devices went dark.
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/charmbracelet/x/term"

	"github.com/sunset-tui/sunset/tui/safe"
)

func main() {
	// A closed terminal (SIGHUP) ends sunset as cleanly as Ctrl-C: the demo
	// removes its lab, a check stops nmap and keeps what it saw.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	// Into a file or a pipe, output leaves in large writes: a list of a
	// million assets would otherwise cost a system call a line. A terminal
	// gets each line as it is written.
	var stdout io.Writer = os.Stdout
	buffered := bufio.NewWriterSize(os.Stdout, 64<<10)
	if !term.IsTerminal(os.Stdout.Fd()) {
		stdout = buffered
	}
	// Everything printed goes through the same escaping as the TUI: a tag
	// or a banner holding an escape sequence is shown, never obeyed.
	code := run(ctx, os.Args[1:], os.Stdin, safe.NewWriter(stdout), safe.NewWriter(os.Stderr))
	stop()
	if err := buffered.Flush(); err != nil && code == 0 {
		fmt.Fprintf(os.Stderr, "sunset: write standard output: %v\n", err)
		code = exitFailed
	}
	os.Exit(code)
}
