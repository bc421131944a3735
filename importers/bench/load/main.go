// Command load imports CSV files into a sunset database the way `sunset
// import` does, for the benchmark: load [-n] [-cpuprofile FILE] DB FILE...
// (-n: dry run, to time reading, validating and matching without the
// writes; -cpuprofile: where the import's time goes, for go tool pprof).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/sunset-tui/sunset/importers"
	"github.com/sunset-tui/sunset/inventory/sqlite"
)

func main() {
	dry := flag.Bool("n", false, "dry run: read, validate and match, write nothing")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the import to this file")
	flag.Parse()
	if flag.NArg() < 2 {
		fmt.Fprintln(os.Stderr, "usage: load [-n] [-cpuprofile FILE] DB FILE...")
		os.Exit(2)
	}
	st, err := sqlite.Open(flag.Arg(0), sqlite.Options{Actor: "bench"})
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(2)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(2)
		}
	}
	rep, err := importers.Import(context.Background(), st, flag.Args()[1:], importers.Options{DryRun: *dry})
	pprof.StopCPUProfile() // os.Exit below would skip a deferred stop
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
	c := rep.Counts
	fmt.Printf("%d rows: %d created, %d updated, %d unchanged, %d rejected\n", c.Rows, c.Created, c.Updated, c.Unchanged, c.Rejected)
	if c.Rejected > 0 {
		os.Exit(1)
	}
}
