package importers

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

// TestImportManyRowsInBatches imports more rows than one batch of creates
// holds, with updates of existing assets among them, and finds every
// asset stored with its own history event naming its line, the report
// rows carrying the stored IDs, and the updates in place.
func TestImportManyRowsInBatches(t *testing.T) {
	st, _ := testStore(t)
	seed(t, st,
		inventory.Asset{Tag: "T-00007", Hostname: "old7", Owner: "zoe"},
		inventory.Asset{Tag: "T-05600", Hostname: "old5600", Owner: "zoe"})
	const n = 2*batchRows + 77
	var b strings.Builder
	b.WriteString("Asset Tag,Host Name,Owner,IP Address,Status\n")
	for i := range n {
		fmt.Fprintf(&b, "T-%05d,host%d,owner%d,192.0.2.%d,active\n", i, i, i%7, i%250+1)
	}
	path := writeFile(t, "many.csv", b.String())
	rep := mustImport(t, st, []string{path}, Options{})
	if rep.Counts != (Counts{Rows: n, Created: n - 2, Updated: 2}) || !rep.Written {
		t.Fatalf("counts %+v written %v", rep.Counts, rep.Written)
	}
	ctx := context.Background()
	for _, i := range []int{0, 6, 7, 8, batchRows - 1, batchRows, 5600, n - 1} {
		line := i + 2
		row := rowAt(t, rep, line)
		a := assetByTag(t, st, fmt.Sprintf("T-%05d", i))
		if row.AssetID != a.ID || a.Owner != fmt.Sprintf("owner%d", i%7) || a.Hostname != fmt.Sprintf("host%d", i) {
			t.Fatalf("line %d: row %+v, asset %+v", line, row, a)
		}
		h, err := st.History(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := h[len(h)-1]
		want := fmt.Sprintf("import many.csv:%d", line)
		if last.Reason != want {
			t.Fatalf("line %d: last event %+v, want reason %q", line, last, want)
		}
		switch i {
		case 7, 5600:
			if row.Action != ActionUpdate || len(h) != 2 || last.Action != inventory.ActionUpdated {
				t.Fatalf("line %d: %s with history %+v, want an update after the seed", line, row.Action, h)
			}
		default:
			if row.Action != ActionCreate || len(h) != 1 || last.Action != inventory.ActionCreated {
				t.Fatalf("line %d: %s with history %+v, want one created event", line, row.Action, h)
			}
		}
	}
	if got := len(allAssets(t, st)); got != n {
		t.Fatalf("%d assets stored, want %d", got, n)
	}
}

// TestImportRejectedRowAfterBatchesWritesNothing: a rejected row late in
// a file undoes the batches of creates already handed to the store.
func TestImportRejectedRowAfterBatchesWritesNothing(t *testing.T) {
	st, _ := testStore(t)
	var b strings.Builder
	b.WriteString("Asset Tag,Host Name,IP Address\n")
	for i := range batchRows + 10 {
		fmt.Fprintf(&b, "R-%05d,host%d,192.0.2.%d\n", i, i, i%250+1)
	}
	b.WriteString("R-bad,bad,192.0.2.300\n")
	rep := mustImport(t, st, []string{writeFile(t, "bad.csv", b.String())}, Options{})
	if rep.Written || rep.Counts.Rejected != 1 {
		t.Fatalf("counts %+v written %v, want one rejected and nothing written", rep.Counts, rep.Written)
	}
	if row := rowAt(t, rep, batchRows+12); row.Action != ActionError || !strings.Contains(row.Reason, "192.0.2.300") {
		t.Fatalf("last row %+v", row)
	}
	if row := rowAt(t, rep, 2); row.AssetID != 0 {
		t.Fatalf("a row of a rolled-back import keeps asset ID %d", row.AssetID)
	}
	if got := allAssets(t, st); len(got) != 0 {
		t.Fatalf("%d assets stored, want none", len(got))
	}
}

// failingWriter records the writes it is asked for and fails the ones
// told to; anything else it is asked would panic on the nil Writer.
type failingWriter struct {
	inventory.Writer
	failUpdate, failCreate, failChecklists error
	log                                    []string
}

func (w *failingWriter) PutChecklists(_ context.Context, lists map[int64][]inventory.ChecklistItem) error {
	for _, id := range slices.Sorted(maps.Keys(lists)) {
		w.log = append(w.log, fmt.Sprintf("checklist #%d %d items", id, len(lists[id])))
	}
	return w.failChecklists
}

func (w *failingWriter) CreateAssets(_ context.Context, as []*inventory.Asset, reasons []string) error {
	for i, a := range as {
		w.log = append(w.log, "create "+a.Tag+" "+reasons[i])
	}
	if w.failCreate != nil {
		return w.failCreate
	}
	for i, a := range as {
		a.ID = int64(100 + i)
	}
	return nil
}

func (w *failingWriter) UpdateAsset(_ context.Context, a *inventory.Asset, reason string) (bool, error) {
	w.log = append(w.log, "update "+a.Tag+" "+reason)
	return true, w.failUpdate
}

// writeBatch has a real import's applier, writing to w, write a batch of
// the new assets creates (with checklists, by position) and updates.
func writeBatch(w inventory.Writer, creates []string, checklists map[int][]inventory.ChecklistItem, updates []string) (*batch, *outlet, error) {
	o := &outlet{ctx: context.Background(), w: w}
	b := newBatch()
	b.writable, b.checklists = true, checklists
	for i, tag := range creates {
		b.rows = append(b.rows, Row{Action: ActionCreate})
		b.creates = append(b.creates, &inventory.Asset{Tag: tag})
		b.reasons, b.createRows = append(b.reasons, fmt.Sprintf("r%d", i)), append(b.createRows, i)
	}
	for i, tag := range updates {
		b.rows = append(b.rows, Row{Action: ActionUpdate})
		b.updates = append(b.updates, pendingUpdate{asset: &inventory.Asset{ID: int64(i + 1), Tag: tag}, reason: fmt.Sprintf("u%d", i), row: len(b.rows) - 1})
	}
	return b, o, o.write(b)
}

// TestWritesAndFailures: a batch's new assets are stored in one call and
// their rows get the IDs the store gave, then its updates in order; after
// a failed update nothing more is written and its row is rejected, a
// conflict when the store names another asset; a failed batch of creates
// is the import's error.
func TestWritesAndFailures(t *testing.T) {
	for _, tc := range []struct {
		fail   error
		action string
	}{
		{fmt.Errorf("disk on fire"), ActionError},
		{&inventory.Error{Kind: inventory.ErrConflict, Field: "serial", Msg: "serial S-1 belongs to E-9"}, ActionConflict},
	} {
		fw := &failingWriter{failUpdate: tc.fail}
		b, o, err := writeBatch(fw, []string{"N-1", "N-2"}, nil, []string{"E-1", "E-2"})
		if err != nil {
			t.Fatalf("write = %v, want the failed update on its row", err)
		}
		if want := []string{"create N-1 r0", "create N-2 r1", "update E-1 u0"}; strings.Join(fw.log, "; ") != strings.Join(want, "; ") {
			t.Fatalf("writes %q, want %q", fw.log, want)
		}
		if r := b.rows[2]; r.Action != tc.action || r.Reason != tc.fail.Error() || b.rows[0].AssetID != 100 || b.rows[1].AssetID != 101 || !o.stopped {
			t.Fatalf("rows %+v, stopped %v", b.rows, o.stopped)
		}
	}
	fw := &failingWriter{failCreate: fmt.Errorf("no space")}
	if _, _, err := writeBatch(fw, []string{"N-1"}, nil, []string{"E-1"}); err == nil || err.Error() != "no space" {
		t.Fatalf("write = %v, want the failed batch's error", err)
	}
	if len(fw.log) != 1 {
		t.Fatalf("writes %q after a failed batch of creates", fw.log)
	}
}

// TestWritesStoreNewChecklistsAfterTheirAssets: the checklists of a batch
// of new assets are stored, under the IDs the store gave them, right after
// the batch; a failure to store them is the import's error.
func TestWritesStoreNewChecklistsAfterTheirAssets(t *testing.T) {
	items := []inventory.ChecklistItem{{ID: "power-down", Title: "Power down"}, {ID: "wipe", Title: "Wipe"}}
	fw := &failingWriter{}
	if _, _, err := writeBatch(fw, []string{"N-1", "N-2"}, map[int][]inventory.ChecklistItem{1: items}, []string{"E-1"}); err != nil {
		t.Fatal(err)
	}
	want := []string{"create N-1 r0", "create N-2 r1", "checklist #101 2 items", "update E-1 u0"}
	if strings.Join(fw.log, "; ") != strings.Join(want, "; ") {
		t.Fatalf("writes %q, want %q", fw.log, want)
	}
	fw = &failingWriter{failChecklists: fmt.Errorf("checklist refused")}
	if _, _, err := writeBatch(fw, []string{"N-1"}, map[int][]inventory.ChecklistItem{0: items}, nil); err == nil || err.Error() != "checklist refused" {
		t.Fatalf("write = %v, want the checklists' error", err)
	}
}
