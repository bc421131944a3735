// Command sweepgen writes the nmap XML of a sweep of 2001:db8::/112 (65,536
// addresses, every one answering) for the million-asset benchmark:
// sweepgen FILE. Host j has the address that importers/bench/gen gives
// its asset j-1, and every fourth host that asset's MAC, so the sweep
// matches the first 65,535 assets of a generated inventory.
package main

import (
	"fmt"
	"os"

	"github.com/sunset-tui/sunset/scan/internal/sweepxml"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: sweepgen FILE")
		os.Exit(2)
	}
	f, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "sweepgen:", err)
		os.Exit(2)
	}
	err = sweepxml.Write(f, "2001:db8::/112", 1<<16, func(j int) sweepxml.Host {
		h := sweepxml.Host{IP: fmt.Sprintf("2001:db8::%x", j)}
		if i := j - 1; i >= 0 && j%4 == 0 {
			h.MAC = fmt.Sprintf("02:00:%02x:%02x:%02x:%02x", (i>>24)&0xff, (i>>16)&0xff, (i>>8)&0xff, i&0xff)
		}
		return h
	})
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sweepgen:", err)
		os.Exit(2)
	}
}
