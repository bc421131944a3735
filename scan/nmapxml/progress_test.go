package nmapxml

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestTaskProgressFromXML(t *testing.T) {
	var got []Progress
	_, err := DecodeWithProgress(bytes.NewReader(fixture(t, "ayrx_incomplete_scan.xml")), nil, func(p Progress) {
		got = append(got, p)
	})
	if err == nil {
		t.Fatal("the incomplete scan decoded without error")
	}
	// <taskprogress task="SYN Stealth Scan" time="1604925554" percent="1.90" remaining="104" etc="1604925657"/>
	want := Progress{Task: "SYN Stealth Scan", Percent: 1.90, Remaining: 104 * time.Second,
		ETC: time.Unix(1604925657, 0).UTC(), At: time.Unix(1604925554, 0).UTC()}
	if len(got) != 3 || got[0] != want {
		t.Fatalf("got %d reports, first %+v; want 3, first %+v", len(got), got[0], want)
	}
	if got[2].Percent != 20.35 || got[2].Remaining != 16*time.Second {
		t.Errorf("last report %+v", got[2])
	}
}

func TestTaskEndIsReportedDone(t *testing.T) {
	var ends []string
	_, err := DecodeWithProgress(bytes.NewReader(fixture(t, "rubynmap_down_host_scan.xml")), nil, func(p Progress) {
		if p.Done && p.Percent == 100 {
			ends = append(ends, p.Task)
		}
	})
	if err != nil || len(ends) != 1 || ends[0] == "" {
		t.Fatalf("task ends %q, err %v", ends, err)
	}
}

func TestParseStatsLine(t *testing.T) {
	loc := time.FixedZone("lab", 2*3600)
	now := time.Date(2026, 3, 1, 23, 58, 30, 0, loc)
	tests := []struct {
		line string
		want Progress
		ok   bool
	}{
		{"SYN Stealth Scan Timing: About 45.03% done; ETC: 23:59 (0:01:16 remaining)",
			Progress{Task: "SYN Stealth Scan", Percent: 45.03, Remaining: 76 * time.Second,
				ETC: time.Date(2026, 3, 1, 23, 59, 0, 0, loc), At: now}, true},
		// The estimate falls after midnight: ETC is on the next day.
		{"Connect Scan Timing: About 10.00% done; ETC: 00:20 (0:21:30 remaining)\r\n",
			Progress{Task: "Connect Scan", Percent: 10, Remaining: 21*time.Minute + 30*time.Second,
				ETC: time.Date(2026, 3, 2, 0, 20, 0, 0, loc), At: now}, true},
		{"Service scan Timing: About 80.00% done; ETC: 01:02 (1:03:45 remaining)",
			Progress{Task: "Service scan", Percent: 80, Remaining: time.Hour + 3*time.Minute + 45*time.Second,
				ETC: time.Date(2026, 3, 2, 1, 2, 0, 0, loc), At: now}, true},
		{"Ping Scan Timing: About 0.50% done", Progress{Task: "Ping Scan", Percent: 0.5, At: now}, true},
		{"Stats: 0:00:05 elapsed; 0 hosts completed (1 up), 1 undergoing SYN Stealth Scan", Progress{}, false},
		{"Nmap scan report for 192.0.2.4", Progress{}, false},
		{"X Timing: About lots% done", Progress{}, false},
		{"X Timing: About 120.00% done", Progress{}, false},
		{"X Timing: About 1.00% done; ETC: 25:99 (0:00:01 remaining)", Progress{}, false},
		{"X Timing: About 1.00% done; ETC: 12:00 (0:7:01 remaining)", Progress{}, false},
		{"", Progress{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseStatsLine(tt.line, now)
		if ok != tt.ok || got != tt.want {
			t.Errorf("%q:\ngot  %+v %v\nwant %+v %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

func TestReadStatsFromNmapStdout(t *testing.T) {
	stdout := `Starting Nmap 7.94SVN ( https://nmap.org ) at 2026-03-01 10:00 UTC
Stats: 0:00:05 elapsed; 0 hosts completed (16 up), 16 undergoing Connect Scan
Connect Scan Timing: About 12.50% done; ETC: 10:01 (0:00:35 remaining)
` + strings.Repeat("x", 100<<10) + `
Stats: 0:00:35 elapsed; 8 hosts completed (16 up), 8 undergoing Connect Scan
Connect Scan Timing: About 87.10% done; ETC: 10:01 (0:00:05 remaining)
Nmap done: 16 IP addresses (16 hosts up) scanned in 40.00 seconds`
	now := time.Date(2026, 3, 1, 10, 0, 30, 0, time.UTC)
	var got []Progress
	err := ReadStats(strings.NewReader(stdout), func() time.Time { return now }, func(p Progress) { got = append(got, p) })
	if err != nil || len(got) != 2 {
		t.Fatalf("%d reports, err %v", len(got), err)
	}
	if got[0].Elapsed != 5*time.Second || got[0].Percent != 12.5 || got[1].Elapsed != 35*time.Second || got[1].Percent != 87.1 {
		t.Errorf("reports %+v", got)
	}
}
