package scan

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

// A check records the site it ran from: the one asked for, else this
// machine's host name; a site that is no name is refused before nmap runs.
func TestExecuteRecordsTheSite(t *testing.T) {
	st, _ := newStore(t, "127.0.0.0/16")
	ctx := context.Background()
	n, _ := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	res, err := Execute(ctx, st, n, CheckRequest{Site: "branch-2"})
	if err != nil || res.Check.Site != "branch-2" {
		t.Fatalf("Execute with site branch-2: site %q, %v", res.Check.Site, err)
	}
	host, _ := os.Hostname()
	if inventory.ValidSite(host) != nil {
		host = ""
	}
	if res, err = Execute(ctx, st, n, CheckRequest{}); err != nil || res.Check.Site != host || DefaultSite() != host {
		t.Errorf("Execute without a site: site %q (default %q), %v; want the host name %q", res.Check.Site, DefaultSite(), err, host)
	}
	n, dir := fakeNmap(t, "", "lan.xml", 0, PrivilegeNone)
	if _, err := Execute(ctx, st, n, CheckRequest{Site: "two words"}); !inventory.IsKind(err, inventory.ErrInvalid) {
		t.Errorf("Execute with site %q: %v, want it refused", "two words", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "argv.all")); err == nil {
		t.Error("nmap ran for a refused site")
	}
}
