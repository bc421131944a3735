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
	"github.com/sunset-tui/sunset/scan/nmapxml"
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

func TestDecodeRefusesADoctypeThatDeclaresEntities(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "lan.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeXML(bytes.NewReader(b), "lan.xml", clockAt(lanEnd)); err != nil {
		t.Fatalf("nmap's own <!DOCTYPE nmaprun>: %v", err)
	}
	edited := bytes.Replace(b, []byte("<!DOCTYPE nmaprun>"),
		[]byte(`<!DOCTYPE nmaprun [ <!ENTITY owner "someone else"> ]>`), 1)
	_, err = DecodeXML(bytes.NewReader(edited), "edited.xml", clockAt(lanEnd))
	var e *inventory.Error
	if !errors.As(err, &e) || e.Kind != inventory.ErrInvalid || e.Field != "edited.xml" {
		t.Fatalf("want an invalid edited.xml, got %v", err)
	}
	if want := "edited.xml: declares entities in its DOCTYPE; nmap never writes those, so the file was edited: refusing it"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}

	st, _ := newStore(t, "")
	path := filepath.Join(t.TempDir(), "edited.xml")
	if err := os.WriteFile(path, edited, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportXML(context.Background(), st, path); !inventory.IsKind(err, inventory.ErrInvalid) {
		t.Errorf("import: %v", err)
	}
	if checks, _ := st.Checks(context.Background(), 0); len(checks) != 0 {
		t.Errorf("stored %d checks from an edited file", len(checks))
	}
}

// TestImportOfAHostBringingTooMuchIsCutAndStored: one host with a 10 MiB
// hostname and 30,000 open ports is stored cut to the caps, and the
// result says how many values were cut.
func TestImportOfAHostBringingTooMuchIsCutAndStored(t *testing.T) {
	st, _ := newStore(t, "")
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -p- 127.0.0.9" start="1700000000" version="7.94">
<host starttime="1700000001" endtime="1700000009"><status state="up" reason="syn-ack"/>
<address addr="127.0.0.9" addrtype="ipv4"/>
<hostnames><hostname name="` + strings.Repeat("h", 10<<20) + `" type="PTR"/></hostnames>
<ports>`)
	for port := 1; port <= 30000; port++ {
		fmt.Fprintf(&b, `<port protocol="tcp" portid="%d"><state state="open" reason="syn-ack"/><service name="tarpit"/></port>`+"\n", port)
	}
	b.WriteString(`</ports></host>
<runstats><finished time="1700000010" exit="success"/><hosts up="1" down="0" total="1"/></runstats>
</nmaprun>
`)
	path := filepath.Join(t.TempDir(), "tarpit.xml")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := ImportXML(context.Background(), st, path)
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + 30000 - nmapxml.MaxPorts; res.Cut != want {
		t.Errorf("Cut = %d, want %d (the hostname and the ports past the cap)", res.Cut, want)
	}
	obs, err := st.Observations(context.Background(), inventory.ObservationFilter{CheckID: res.Check.ID})
	if err != nil || len(obs) != 1 {
		t.Fatalf("%d observations stored, err %v", len(obs), err)
	}
	o := obs[0]
	if o.State != inventory.Answered || len(o.Ports) != nmapxml.MaxPorts ||
		len(o.Hostnames) != 1 || len(o.Hostnames[0]) > nmapxml.MaxHostnameLen {
		t.Errorf("stored %s with %d ports, hostnames of %d bytes", o.State, len(o.Ports), len(o.Hostnames[0]))
	}
}
