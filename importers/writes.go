package importers

import (
	"context"

	"github.com/sunset-tui/sunset/inventory"
)

// createBatch is how many new assets go to the store in one CreateAssets.
const createBatch = 512

// writes carries out a real import's writes in the order the rows asked
// for them, on a goroutine of its own, while the applier reads and checks
// the rows that follow: with the store's writes about as costly as the
// reading, an import then takes about as long as the slower of the two.
// New assets are stored createBatch at a time. After the first failed
// write nothing more is written: a failed update is reported on its row,
// as a rejected row, and a failed batch of creates (which the checks
// before it leave to the store's own failures) fails the import; either
// way the Update rolls back.
type writes struct {
	ctx  context.Context
	w    inventory.Writer
	jobs chan writeJob
	done chan struct{}
	// The first failure and the report row it belongs to (-1 for a batch),
	// read after done is closed.
	err    error
	errRow int

	// The creates waiting for their batch: the assets, their history
	// reasons, the report rows they came from and their checklists.
	assets     []*inventory.Asset
	reasons    []string
	rows       []int
	checklists []([]inventory.ChecklistItem)
	// ids receives, for each stored batch, the report rows and the IDs
	// the store gave them, in the applier's goroutine after wait.
	created []createdRow
	// updated lists the assets an update changed, read after wait.
	updated []int64
}

type createdRow struct {
	row int
	id  int64
}

type writeJob struct {
	run func() error
	row int // the report row of an update; -1 for a batch of creates
}

func newWrites(ctx context.Context, w inventory.Writer) *writes {
	ws := &writes{ctx: ctx, w: w, jobs: make(chan writeJob, 8), done: make(chan struct{})}
	go ws.loop()
	return ws
}

func (ws *writes) loop() {
	defer close(ws.done)
	for job := range ws.jobs {
		if ws.err == nil {
			if ws.err = job.run(); ws.err != nil {
				ws.errRow = job.row
			}
		}
	}
}

// create queues a new asset, reported at report row row, with the
// checklist it starts with, if any.
func (ws *writes) create(a *inventory.Asset, reason string, row int, checklist []inventory.ChecklistItem) {
	ws.assets = append(ws.assets, a)
	ws.reasons = append(ws.reasons, reason)
	ws.rows = append(ws.rows, row)
	ws.checklists = append(ws.checklists, checklist)
	if len(ws.assets) == createBatch {
		ws.flush()
	}
}

// update queues an update of an existing asset, reported at report row
// row, after the creates queued before it.
func (ws *writes) update(a *inventory.Asset, reason string, row int) {
	ws.flush()
	ws.jobs <- writeJob{row: row, run: func() error {
		changed, err := ws.w.UpdateAsset(ws.ctx, a, reason)
		if changed {
			ws.updated = append(ws.updated, a.ID)
		}
		return err
	}}
}

func (ws *writes) flush() {
	if len(ws.assets) == 0 {
		return
	}
	assets, reasons, rows, checklists := ws.assets, ws.reasons, ws.rows, ws.checklists
	ws.assets, ws.reasons, ws.rows, ws.checklists = nil, nil, nil, nil
	ws.jobs <- writeJob{row: -1, run: func() error {
		if err := ws.w.CreateAssets(ws.ctx, assets, reasons); err != nil {
			return err
		}
		lists := map[int64][]inventory.ChecklistItem{}
		for i, a := range assets {
			ws.created = append(ws.created, createdRow{row: rows[i], id: a.ID})
			if len(checklists[i]) > 0 {
				lists[a.ID] = checklists[i]
			}
		}
		if len(lists) == 0 {
			return nil
		}
		return ws.w.PutChecklists(ws.ctx, lists)
	}}
}

// wait writes what is queued and waits for every write. The report rows
// of stored assets get their IDs; a failed update marks its row as an
// error; a failed batch of creates is returned.
func (ws *writes) wait(rep *Report) error {
	ws.flush()
	close(ws.jobs)
	<-ws.done
	for _, c := range ws.created {
		rep.Rows[c.row].AssetID = c.id
	}
	if ws.err != nil && ws.errRow >= 0 {
		row := &rep.Rows[ws.errRow]
		row.Action, row.Reason = ActionError, ws.err.Error()
		return nil
	}
	return ws.err
}
