// Package demo builds what `sunset demo` shows a newcomer: a throwaway
// inventory of a few dozen devices in every stage of life, with the three
// incidents sunset exists for, and a live lab of those devices that a check
// can scan at once, never touching a real network.
//
// The lab is made of network namespaces on 192.0.2.0/24 when sunset runs
// as root, and of TCP listeners on 127.77.0.0/24 otherwise. Everything the
// demo starts is removed by Close, and what a crashed run left behind is
// removed by the next Start.
package demo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/scan"
	"github.com/sunset-tui/sunset/scan/lab"
)

// Options adjust a demo. The zero value picks the best lab this machine
// allows, in a new temporary directory.
type Options struct {
	// Dir holds the demo database. Empty means a new directory
	// os.TempDir()/sunset-demo-*, removed by Close. A directory given here
	// stays; only the files the demo made in it are removed.
	Dir string
	// Lab chooses the live lab; Auto picks the best one available.
	// Namespaces where no namespace lab can run is an error. Without nmap
	// no lab starts whatever the mode, and Notes says how to install it.
	Lab LabMode
	// Now is the clock; nil means time.Now. The seeded history is dated
	// back from it.
	Now func() time.Time
}

// Demo is a running demo: its database, the lab its devices live in, and
// what to tell the person looking at it.
type Demo struct {
	// Store is the demo inventory. Close closes it.
	Store inventory.Store
	// Service acts on and judges the demo inventory, as the demo's actor.
	Service *service.Service
	// DBPath is the demo database file.
	DBPath string
	// Dir is the directory the database lives in.
	Dir string
	// Mode is the lab actually running (Auto never appears here).
	Mode LabMode
	// ScanOptions run nmap against the lab: inside the scanner's namespace
	// for a namespace lab.
	ScanOptions scan.Options
	// NmapAvailable is false when nmap is not installed; checks then
	// cannot run and Notes says how to install it.
	NmapAvailable bool
	// Stranger is the address of the lab device that the inventory does
	// not know; empty when no lab runs.
	Stranger string
	// Notes are plain facts about this demo the screen should show (what
	// the lab can and cannot show, what is missing).
	Notes []string
	// Guide is the suggested path through the dashboard, one step a line,
	// as the demo inventory stands when it is asked: what was done, then
	// the next step.
	Guide func(ctx context.Context) []string

	ownDir    bool
	lab       *lab.Lab
	loopback  *loopbackLab
	closeOnce sync.Once
	closeErr  error
}

// Actor is who the demo's history and checks are recorded as.
const Actor = "demo"

// dbName is the demo database's file name inside Dir.
const dbName = "demo.db"

// Start builds a demo: cleans up what crashed demos left, makes the
// database, starts the lab, seeds the inventory and sets the policy so a
// check scans the lab and nothing else. On failure nothing it started is
// left behind.
func Start(ctx context.Context, opts Options) (*Demo, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	d := &Demo{}
	d.Notes = append(d.Notes, removeLeftovers(ctx)...)
	if err := d.makeDir(opts.Dir); err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			d.Close()
		}
	}()

	nw, err := d.startLab(ctx, opts.Lab, opts.Now)
	if err != nil {
		return nil, err
	}
	clk := &seedClock{real: opts.Now}
	d.DBPath = filepath.Join(d.Dir, dbName)
	store, err := sqlite.Open(d.DBPath, sqlite.Options{Actor: Actor, Now: clk.Now})
	if err != nil {
		return nil, err
	}
	d.Store = store
	d.Service = service.New(store, service.Options{Actor: Actor, Now: clk.Now})
	refs, err := seed(ctx, d.Service, clk, nw)
	if err != nil {
		return nil, fmt.Errorf("seed the demo inventory: %w", err)
	}
	d.Notes = append(d.Notes, nw.notes(d.DBPath)...)
	d.Guide = guide(nw, refs, store, opts.Now())
	ok = true
	return d, nil
}

// makeDir uses the given directory, or makes a temporary one marked with
// this process's pid so a later run can tell whether it was left behind.
func (d *Demo) makeDir(dir string) error {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("demo directory: %w", err)
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return fmt.Errorf("demo directory: %w", err)
		}
		d.Dir = abs
		return nil
	}
	tmp, err := os.MkdirTemp("", dirPattern)
	if err != nil {
		return fmt.Errorf("demo directory: %w", err)
	}
	d.Dir, d.ownDir = tmp, true
	if err := writePIDFile(tmp); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("demo directory: %w", err)
	}
	return nil
}

// Close stops the lab's listeners, removes its namespaces, closes the
// database and removes the demo's files. Closing again does nothing and
// returns the first result.
func (d *Demo) Close() error {
	d.closeOnce.Do(func() {
		var errs []error
		if d.loopback != nil {
			d.loopback.close()
		}
		if d.lab != nil {
			if err := d.lab.Close(); err != nil {
				errs = append(errs, fmt.Errorf("remove the demo lab: %w", err))
			}
		}
		if d.Store != nil {
			if err := d.Store.Close(); err != nil {
				errs = append(errs, fmt.Errorf("close the demo database: %w", err))
			}
		}
		if err := d.removeFiles(); err != nil {
			errs = append(errs, err)
		}
		d.closeErr = errors.Join(errs...)
	})
	return d.closeErr
}

// removeFiles removes the temporary directory, or from a given directory
// just the database files.
func (d *Demo) removeFiles() error {
	if d.Dir == "" {
		return nil
	}
	if d.ownDir {
		if err := os.RemoveAll(d.Dir); err != nil {
			return fmt.Errorf("remove the demo directory: %w", err)
		}
		return nil
	}
	var errs []error
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		err := os.Remove(filepath.Join(d.Dir, dbName+suffix))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
