package scan

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlite"
	"github.com/sunset-tui/sunset/scan/lab"
)

// requireLab skips loudly unless a namespace lab and nmap can run here,
// and fails instead when SUNSET_REQUIRE_LAB=1.
func requireLab(t *testing.T) {
	t.Helper()
	err := lab.Available()
	if err == nil {
		_, err = LookPath("")
	}
	if err != nil {
		if os.Getenv("SUNSET_REQUIRE_LAB") == "1" {
			t.Fatalf("SUNSET_REQUIRE_LAB=1 but %v", err)
		}
		t.Skipf("SKIPPED: lab tests need root, ip and nmap (%v); set SUNSET_REQUIRE_LAB=1 to make this a failure", err)
	}
}

// TestLabCheckTellsAliveFromDarkWithMACs runs a real check, as root, inside
// a namespace lab: a server and a camera that answer, a camera that moved
// to the address of a retired server, a retired device that is gone, and a
// device nobody recorded, found by the discover sweep.
func TestLabCheckTellsAliveFromDarkWithMACs(t *testing.T) {
	requireLab(t)
	ctx := context.Background()
	l, err := lab.Start(ctx, lab.DefaultSpec())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := l.Close(); err != nil {
			t.Errorf("closing the lab: %v", err)
		}
	})
	server, _ := l.Device("server")
	camera, _ := l.Device("camera")
	stranger, _ := l.Device("stranger")

	st, err := sqlite.Open(filepath.Join(t.TempDir(), "lab.db"), sqlite.Options{Actor: "lab"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ids := map[string]int64{}
	err = st.Update(ctx, func(w inventory.Writer) error {
		for _, a := range []inventory.Asset{
			asset(0, "SRV-01", inventory.StageActive, server.Addr.String(), server.MAC),
			asset(0, "CAM-01", inventory.StageActive, "192.0.2.31", camera.MAC), // recorded at its old address
			asset(0, "OLD-SRV", inventory.StageRetired, camera.Addr.String()),   // the camera took its address
			asset(0, "RET-01", inventory.StageRetired, lab.DarkAddr.String()),
		} {
			if err := w.CreateAsset(ctx, &a, "lab"); err != nil {
				return err
			}
			ids[a.Tag] = a.ID
		}
		for _, kv := range [][2]string{{"scan.scope", "192.0.2.0/24"}, {"scan.discover", "192.0.2.0/28"}, {"scan.ports", "22,23,80,554,3389"}} {
			if err := w.SetPolicyValue(ctx, kv[0], kv[1]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	n, err := NewNmap(Options{Prefix: l.NmapPrefix(), Privilege: PrivilegeRoot, HostTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Check(ctx, st, n, CheckRequest{Actor: "lab"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Check.Partial {
		t.Fatalf("partial: %s", res.Check.PartialReason)
	}
	obs, err := st.Observations(ctx, inventory.ObservationFilter{CheckID: res.Check.ID})
	if err != nil {
		t.Fatal(err)
	}
	got := byAddress(obs)
	t.Logf("args %q", res.Check.Args)
	for _, o := range obs {
		t.Logf("%-12s asset %d %-8s %-14s mac %s open %v %s", o.Address, o.AssetID, o.State, o.Reason, o.MAC, o.OpenPorts(), o.Conflict)
	}

	srv := got[server.Addr.String()]
	if srv.State != inventory.Answered || srv.AssetID != ids["SRV-01"] || srv.MAC != server.MAC {
		t.Errorf("server: %+v", srv)
	}
	if !hasPort(srv, 3389, "open") || !hasPort(srv, 22, "closed") {
		t.Errorf("server ports: %+v", srv.Ports)
	}
	cam := got[camera.Addr.String()]
	if cam.State != inventory.Answered || cam.AssetID != ids["CAM-01"] || cam.MAC != camera.MAC {
		t.Errorf("camera matched by MAC: %+v", cam)
	}
	if !hasPort(cam, 80, "open") || !hasPort(cam, 554, "open") {
		t.Errorf("camera ports: %+v", cam.Ports)
	}
	if !strings.Contains(cam.Conflict, "OLD-SRV") || !strings.Contains(cam.Conflict, "CAM-01") || len(res.Conflicts) != 1 {
		t.Errorf("the reused address was not reported: %q %+v", cam.Conflict, res.Conflicts)
	}
	for addr, tag := range map[string]string{"192.0.2.31": "CAM-01", lab.DarkAddr.String(): "RET-01"} {
		if o := got[addr]; o.State != inventory.Dark || o.AssetID != ids[tag] {
			t.Errorf("%s (%s) should be dark: %+v", addr, tag, o)
		}
	}
	unk := got[stranger.Addr.String()]
	if unk.State != inventory.Answered || unk.AssetID != 0 || unk.MAC != stranger.MAC || !hasPort(unk, 23, "open") {
		t.Errorf("the unknown device was not found by the sweep: %+v", unk)
	}
	// Empty addresses in the sweep are not reported at all.
	if _, ok := got["192.0.2.5"]; ok {
		t.Error("an empty sweep address was reported")
	}
	for tag, answered := range map[string]bool{"SRV-01": true, "CAM-01": true, "OLD-SRV": false, "RET-01": false} {
		a, err := st.Asset(ctx, ids[tag])
		if err != nil {
			t.Fatal(err)
		}
		if !a.LastSeen.IsZero() != answered {
			t.Errorf("%s last seen %v, want answered=%v", tag, a.LastSeen, answered)
		}
	}
}
