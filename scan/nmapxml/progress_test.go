package nmapxml

import (
	"bytes"
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
