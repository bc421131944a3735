package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/postgres"
	"github.com/sunset-tui/sunset/inventory/sqlite"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

// version is set at build time with -ldflags "-X main.version=..."; a plain
// build reports the module version or "dev".
var version = ""

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// app is what every command shares: where the database is, who acts, the
// clock, and the output streams.
type app struct {
	dbPath string
	actor  string
	now    func() time.Time
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	store  inventory.Store
	svc    *service.Service
	// restoreMemory puts the collector back after bulkWork.
	restoreMemory func()
}

// bulkWork tells the Go runtime that the command goes through much of the
// inventory (tuneMemoryForBulk), until it ends.
func (a *app) bulkWork() {
	if a.restoreMemory == nil {
		a.restoreMemory = tuneMemoryForBulk(os.Getenv, os.ReadFile)
	}
}

// open returns the store for a command that only reads, opening it on
// first use. It creates no database: a mistyped --db is an error, not an
// empty inventory.
func (a *app) open() (inventory.Store, error) {
	return a.openStore(false)
}

// openToWrite returns the store for a command that writes, opening it on
// first use. It creates the database when missing and then says so, once,
// on stderr.
func (a *app) openToWrite() (inventory.Store, error) {
	return a.openStore(true)
}

func (a *app) openStore(create bool) (inventory.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	if a.dbPath == "" {
		if _, err := sqlite.DefaultPath(); err != nil {
			return nil, err
		}
		return nil, usageError("no database path: give --db or set SUNSET_DB")
	}
	var s interface {
		inventory.Store
		Created() bool
	}
	var err error
	switch {
	case postgres.IsURL(a.dbPath):
		s, err = postgres.Open(a.dbPath, postgres.Options{Actor: a.actor, Now: a.now, MustExist: !create})
	case strings.Contains(a.dbPath, "://"):
		return nil, usageError("--db %s: give a SQLite database file or a postgres:// URL", postgres.Redact(a.dbPath))
	default:
		s, err = sqlite.Open(a.dbPath, sqlite.Options{Actor: a.actor, Now: a.now, MustExist: !create})
	}
	if inventory.IsKind(err, inventory.ErrNotFound) {
		return nil, &inventory.Error{Kind: inventory.ErrNotFound,
			Msg: err.Error() + ": check --db or SUNSET_DB; commands that write create one"}
	}
	if err != nil {
		return nil, err
	}
	if s.Created() {
		fmt.Fprintf(a.stderr, "sunset: created a new inventory at %s\n", s.Location())
	}
	a.store = s
	return s, nil
}

// service returns the one place every action and judgement goes
// through, on the store opened to read (see open).
func (a *app) service() (*service.Service, error) {
	return a.serviceOn(a.open)
}

// serviceToWrite is service for a command that writes (see openToWrite).
func (a *app) serviceToWrite() (*service.Service, error) {
	return a.serviceOn(a.openToWrite)
}

func (a *app) serviceOn(open func() (inventory.Store, error)) (*service.Service, error) {
	s, err := open()
	if err != nil {
		return nil, err
	}
	if a.svc == nil {
		a.svc = service.New(s, service.Options{Actor: a.actor, Now: a.now})
	}
	return a.svc, nil
}

func (a *app) close() {
	if a.restoreMemory != nil {
		a.restoreMemory()
		a.restoreMemory = nil
	}
	if a.store != nil {
		a.store.Close()
		a.store, a.svc = nil, nil
	}
}

// defaultDBPath applies SUNSET_DB over the XDG default. When neither can be
// found it returns "", and opening the store says why.
func defaultDBPath() string {
	if p := os.Getenv("SUNSET_DB"); p != "" {
		return p
	}
	p, _ := sqlite.DefaultPath()
	return p
}

// currentActor is who history records: SUNSET_ACTOR, else the OS user.
func currentActor() string {
	if a := os.Getenv("SUNSET_ACTOR"); a != "" {
		return a
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{actor: currentActor(), now: time.Now, stdin: stdin, stdout: stdout, stderr: stderr}
	defer a.close()
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		// Ctrl-C or SIGTERM: say so, not "context canceled". Whatever the
		// command was writing was one transaction, and it was not kept.
		err = fmt.Errorf("interrupted (%v)", context.Cause(ctx))
	}
	return report(stderr, err)
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "sunset",
		Short: "Track network devices from deployment to retirement, and prove they went dark",
		Long: `sunset keeps an inventory of network devices, follows each through its
life (planned, spare, active, decommissioning, retired, disposed), and checks
with nmap that what should be gone really is. Run without a command, it
opens the TUI; every action is also a subcommand.

Exit codes: 0 done; 1 done, but findings at or above --fail-on or rows
rejected; 2 could not do it (bad arguments, unreadable file, database or nmap
unavailable, target outside scope).`,
		Version:       buildVersion(),
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := a.serviceToWrite()
			if err != nil {
				return err
			}
			return openTUI(cmd.Context(), a, svc, tuiSession{})
		},
	}
	root.PersistentFlags().StringVar(&a.dbPath, "db", defaultDBPath(),
		"database file, or a postgres:// URL (env SUNSET_DB; default under $XDG_DATA_HOME/sunset)")
	// --help shows the default without a password SUNSET_DB may hold.
	root.PersistentFlags().Lookup("db").DefValue = postgres.Redact(defaultDBPath())
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError("%v (see `%s --help`)", err, cmd.CommandPath())
	})
	root.AddCommand(
		newAssetCmd(a),
		newPolicyCmd(a),
		newExportCmd(a),
		newMappingCmd(a),
		newStageCmd(a),
		newChecklistCmd(a),
		newFindingsCmd(a),
		newDueCmd(a),
		newReportCmd(a),
		newCheckCmd(a),
		newImportCmd(a),
		newDemoCmd(a),
		newUnknownCmd(a),
		newOwnerCmd(a),
		newNotifyCmd(a),
		newMigrateCmd(a),
	)
	return root
}
