// Command sunset tracks network devices from deployment to retirement and
// proves, by live checks, that retired devices went dark.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/sunset-tui/sunset/tui/safe"
)

func main() {
	// A closed terminal (SIGHUP) ends sunset as cleanly as Ctrl-C: the demo
	// removes its lab, a check stops nmap and keeps what it saw.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	// Everything printed goes through the same escaping as the TUI: a tag
	// or a banner holding an escape sequence is shown, never obeyed.
	code := run(ctx, os.Args[1:], os.Stdin, safe.NewWriter(os.Stdout), safe.NewWriter(os.Stderr))
	stop()
	os.Exit(code)
}
