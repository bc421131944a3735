package nmapxml

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestInterruptedScanWithNoHostIsTruncated(t *testing.T) {
	b := fixture(t, "ayrx_incomplete_scan.xml")
	progress := 0
	sum, err := DecodeWithProgress(bytes.NewReader(b), func(Host) error {
		t.Error("no host expected")
		return nil
	}, func(Progress) { progress++ })
	if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "ended early") {
		t.Fatalf("err = %v, want one saying the input ended early", err)
	}
	if !sum.Truncated || sum.Finished || sum.Decoded != 0 {
		t.Errorf("summary %+v", sum)
	}
	if sum.Args != "nmap -sS -oX test.xml scanme.nmap.org" || progress != 3 {
		t.Errorf("what came before the cut was lost: args %q, %d progress reports", sum.Args, progress)
	}
	var syn *SyntaxError
	if errors.As(err, &syn) {
		t.Errorf("a cut is not a syntax error: %v", err)
	}
}

// TestEveryCutOfAScan cuts a two-host scan at every byte: each cut is
// reported as truncated, and exactly the hosts whose end tag lies before
// the cut are passed on.
func TestEveryCutOfAScan(t *testing.T) {
	b := fixture(t, "libnmap_2_hosts.xml")
	docEnd := bytes.LastIndex(b, []byte("</nmaprun>")) + len("</nmaprun>")
	for n := 0; n <= len(b); n++ {
		hosts, sum, err := decodeAll(t, b[:n])
		complete := bytes.Count(b[:n], []byte("</host>"))
		if len(hosts) != complete || sum.Decoded != complete {
			t.Fatalf("cut at %d: %d hosts passed on (Decoded %d), want %d", n, len(hosts), sum.Decoded, complete)
		}
		if n < docEnd {
			if !errors.Is(err, ErrTruncated) || !sum.Truncated || sum.Finished {
				t.Fatalf("cut at %d: err %v, summary %+v", n, err, sum)
			}
		} else if err != nil || !sum.Finished || sum.Truncated {
			t.Fatalf("whole document (%d of %d bytes): err %v, summary %+v", n, len(b), err, sum)
		}
	}
}

// TestByteAtATimeReadsTheSame feeds every fixture one byte per Read, so
// every tag, reference and buffer refill is split at every place.
func TestByteAtATimeReadsTheSame(t *testing.T) {
	for _, name := range []string{"libnmap_full_sudo6.xml", "rubynmap_scan.xml", "ayrx_incomplete_scan.xml", "libnmap_dionaea_scan.xml"} {
		b := fixture(t, name)
		want, wantSum, wantErr := decodeAll(t, b)
		var got []Host
		gotSum, gotErr := Decode(iotest.OneByteReader(bytes.NewReader(b)), func(h Host) error {
			got = append(got, h)
			return nil
		})
		if (wantErr == nil) != (gotErr == nil) || gotSum != wantSum || len(got) != len(want) {
			t.Fatalf("%s: byte at a time gave %d hosts %+v %v; whole gave %d hosts %+v %v",
				name, len(got), gotSum, gotErr, len(want), wantSum, wantErr)
		}
		for i := range want {
			if describeHost(got[i]) != describeHost(want[i]) {
				t.Errorf("%s host %d: %s != %s", name, i, describeHost(got[i]), describeHost(want[i]))
			}
		}
	}
}

// TestHostsArriveWhileTheScanRuns writes a document into a pipe in two
// parts: the first host must reach onHost before the rest is written.
func TestHostsArriveWhileTheScanRuns(t *testing.T) {
	b := fixture(t, "libnmap_2_hosts.xml")
	split := bytes.Index(b, []byte("</host>")) + len("</host>")
	pr, pw := io.Pipe()
	firstSeen := make(chan struct{})
	go func() {
		pw.Write(b[:split])
		<-firstSeen // the decoder has the first host before the rest exists
		pw.Write(b[split:])
		pw.Close()
	}()
	n := 0
	sum, err := Decode(pr, func(Host) error {
		n++
		if n == 1 {
			close(firstSeen)
		}
		return nil
	})
	if err != nil || n != 2 || !sum.Finished {
		t.Fatalf("%d hosts, err %v, summary %+v", n, err, sum)
	}
}

func TestOnHostErrorStopsDecoding(t *testing.T) {
	stop := errors.New("store is full")
	n := 0
	sum, err := Decode(bytes.NewReader(fixture(t, "libnmap_full_sudo6.xml")), func(Host) error {
		n++
		if n == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || !strings.Contains(err.Error(), "host 10 (") {
		t.Fatalf("err = %v, want the callback's error naming host 10", err)
	}
	if n != 10 || sum.Decoded != 10 || sum.Truncated {
		t.Errorf("%d calls, summary %+v", n, sum)
	}
}

func TestReadErrorIsNotTruncation(t *testing.T) {
	broken := errors.New("disk on fire")
	b := fixture(t, "libnmap_full_sudo6.xml")
	r := io.MultiReader(bytes.NewReader(b[:30000]), iotest.ErrReader(broken))
	sum, err := Decode(r, nil)
	if !errors.Is(err, broken) || errors.Is(err, ErrTruncated) || sum.Truncated {
		t.Fatalf("err %v, summary %+v", err, sum)
	}
	if sum.Decoded == 0 {
		t.Error("the hosts before the read error were not counted")
	}
}

func TestEmptyInputIsTruncated(t *testing.T) {
	sum, err := Decode(strings.NewReader(""), nil)
	if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "before <nmaprun>") || !sum.Truncated {
		t.Fatalf("err %v, summary %+v", err, sum)
	}
}
