package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// lanEnd is when nmap finished in testdata/lan.xml.
var lanEnd = time.Unix(1795766378, 0)

var timeAttr = regexp.MustCompile(`\b(start|starttime|endtime|time|etc)="(\d+)"`)

// lanXMLEndingAt returns testdata/lan.xml with every time in it moved by
// the same amount, so that nmap finished at end.
func lanXMLEndingAt(t *testing.T, end time.Time) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "lan.xml"))
	if err != nil {
		t.Fatal(err)
	}
	by := end.Unix() - lanEnd.Unix()
	return timeAttr.ReplaceAllFunc(b, func(m []byte) []byte {
		sub := timeAttr.FindSubmatch(m)
		v, _ := strconv.ParseInt(string(sub[2]), 10, 64)
		return fmt.Appendf(nil, `%s="%d"`, sub[1], v+by)
	})
}

func clockAt(t time.Time) func() time.Time { return func() time.Time { return t } }

func TestDecodeRefusesAFileFromTheFuture(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	forged := lanXMLEndingAt(t, time.Date(2031, 5, 1, 10, 0, 0, 0, time.UTC))
	_, err := DecodeXML(bytes.NewReader(forged), "forged.xml", clockAt(now))
	var e *inventory.Error
	if !errors.As(err, &e) || e.Kind != inventory.ErrInvalid || e.Field != "forged.xml" {
		t.Fatalf("want an invalid forged.xml, got %v", err)
	}
	for _, want := range []string{"times in the file lie in the future",
		"(nmap finished at 2031-05-01 10:00 UTC, this machine's clock says 2026-12-04 12:00 UTC)", "fix the clock or the file"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}

	// A second beyond the allowed skew is too far.
	_, err = DecodeXML(bytes.NewReader(lanXMLEndingAt(t, now.Add(inventory.MaxClockSkew+time.Second))), "fast.xml", clockAt(now))
	if !inventory.IsKind(err, inventory.ErrInvalid) {
		t.Errorf("a file ending %s ahead: %v", inventory.MaxClockSkew+time.Second, err)
	}

	// One host from the future is enough.
	b, err := os.ReadFile(filepath.Join("testdata", "lan.xml"))
	if err != nil {
		t.Fatal(err)
	}
	oneHost := bytes.Replace(b, []byte(`endtime="1795766378"`), []byte(`endtime="1956391200"`), 1)
	_, err = DecodeXML(bytes.NewReader(oneHost), "host.xml", clockAt(now))
	if !inventory.IsKind(err, inventory.ErrInvalid) || !strings.Contains(err.Error(), "nmap scanned a host at 2031-12-30") {
		t.Errorf("a host from 2031: %v", err)
	}
}

func TestDecodeClampsTimesSlightlyAheadToNow(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	for _, ahead := range []time.Duration{2 * time.Minute, inventory.MaxClockSkew} {
		res, err := DecodeXML(bytes.NewReader(lanXMLEndingAt(t, now.Add(ahead))), "fast.xml", clockAt(now))
		if err != nil {
			t.Fatalf("%s ahead: %v", ahead, err)
		}
		c := res.Check
		if !c.StartedAt.Equal(now) || !c.EndedAt.Equal(now) {
			t.Errorf("%s ahead: check from %v to %v, want both now", ahead, c.StartedAt, c.EndedAt)
		}
		for _, o := range res.Observations {
			if o.SeenAt.After(now) {
				t.Errorf("%s ahead: %s seen at %v, after now", ahead, o.Address, o.SeenAt)
			}
		}
		if o := byAddress(res.Observations)["127.0.0.2"]; !o.SeenAt.Equal(now) {
			t.Errorf("%s ahead: 127.0.0.2 seen at %v, want now", ahead, o.SeenAt)
		}
	}
}

func TestImportOfAFileFromTheFutureStoresNothing(t *testing.T) {
	st, _ := newStore(t, "")
	path := filepath.Join(t.TempDir(), "future.xml")
	if err := os.WriteFile(path, lanXMLEndingAt(t, time.Now().Add(time.Hour)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ImportXML(context.Background(), st, path)
	if !inventory.IsKind(err, inventory.ErrInvalid) || !strings.Contains(err.Error(), path+": times in the file lie in the future") {
		t.Fatalf("got %v", err)
	}
	if checks, _ := st.Checks(context.Background(), 0); len(checks) != 0 {
		t.Errorf("stored %d checks from a file from the future", len(checks))
	}
}
