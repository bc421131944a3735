// Command gen writes a CSV of realistic-looking assets for the import
// benchmark: gen ROWS FILE [STATUSES]. STATUSES, comma separated, are the
// statuses the rows take at random (by default a mix of mostly active
// ones). The same seed always gives the same file.
package main

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
)

var (
	kinds    = []string{"server", "workstation", "laptop", "switch", "router", "firewall", "access-point", "camera", "nvr", "printer"}
	vendors  = []string{"Dell", "HPE", "Lenovo", "Cisco", "Juniper", "Axis", "Hikvision", "Ubiquiti", "Fortinet", "Brother"}
	models   = []string{"PowerEdge R650", "ProLiant DL360", "ThinkPad T14", "Catalyst 9300", "EX4300", "P3245-V", "DS-7608NI", "U6-Pro", "FortiGate 100F", "HL-L8360"}
	owners   = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"}
	depts    = []string{"IT", "Facilities", "Finance", "HR", "Security", "Engineering"}
	sites    = []string{"HQ > Floor 1", "HQ > Floor 2", "HQ > Server Room", "Warehouse", "Branch A", "Branch B"}
	statuses = []string{"active", "active", "active", "in use", "spare", "planned", "decommissioning", "retired"}
)

func main() {
	if len(os.Args) != 3 && len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: gen ROWS FILE [STATUSES]")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, "gen: ROWS must be a positive number")
		os.Exit(2)
	}
	if len(os.Args) == 4 {
		statuses = strings.Split(os.Args[3], ",")
	}
	f, err := os.Create(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
	w := bufio.NewWriter(f)
	r := rand.New(rand.NewSource(1))
	fmt.Fprintln(w, "Asset Tag,Hostname,Type,Manufacturer,Model,Serial Number,Owner,Department,Location,Status,Deployed On,Warranty Ends,IP Address,MAC Address")
	pick := func(list []string) string { return list[r.Intn(len(list))] }
	for i := 0; i < n; i++ {
		y := 2015 + r.Intn(10)
		fmt.Fprintf(w, "AT-%06d,host-%06d,%s,%s,%s,SN%04X%06d,%s,%s,%s,%s,%d-%02d-%02d,%d-%02d-%02d,2001:db8::%x:%x,02:00:%02x:%02x:%02x:%02x\n",
			i, i, pick(kinds), pick(vendors), pick(models), r.Intn(1<<16), i, pick(owners), pick(depts), pick(sites), pick(statuses),
			y, 1+r.Intn(12), 1+r.Intn(28), y+3+r.Intn(3), 1+r.Intn(12), 1+r.Intn(28),
			(i+1)>>16, (i+1)&0xffff, (i>>24)&0xff, (i>>16)&0xff, (i>>8)&0xff, i&0xff)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}
