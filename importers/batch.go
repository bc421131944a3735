package importers

import (
	"context"
	"errors"
	"io"
	"slices"

	"github.com/sunset-tui/sunset/inventory"
)

// batchRows is how many rows an import reads, matches and writes at a
// time: enough that a batch costs the store a few large statements and one
// lookup of the assets its rows name, few enough that a batch is small
// next to what the import may hold.
const batchRows = 5000

// batch is the rows of one file an import is working on, read into
// drafts, then decided into report rows, and what a real import writes
// for them. A batch is reused: nothing may keep its slices.
type batch struct {
	drafts []draft
	ids    []identity // of each draft
	rows   []Row      // the report row of each draft

	// The writes of a real import: new assets with their history reasons,
	// report rows, checklists and imported columns, then updates. A batch
	// with a rejected row is not writable: the import will roll back.
	writable     bool
	creates      []*inventory.Asset
	reasons      []string
	createRows   []int
	checklists   map[int][]inventory.ChecklistItem  // by position in creates
	createExtras map[int][]inventory.ImportedColumn // by position in creates
	updates      []pendingUpdate

	readBytes int64    // of every input, once the batch was read
	lines     []int    // the line of each read row
	errs      []error  // why a read row could not be read, or nil
	ends      []int    // where each read row's cells end in slab
	slab      []string // the cells of every read row, one row after another
	// assets holds the new and the updated assets of the batch, so that
	// one batch makes one allocation for them, not one each; a row adds
	// at most one.
	assets []inventory.Asset
}

// pendingUpdate is what a real import writes of a row that changes an
// asset: its fields (asset, nil when none changed), its imported columns
// that changed.
type pendingUpdate struct {
	asset  *inventory.Asset
	id     int64
	extras []inventory.ImportedColumn
	reason string
	row    int
}

func newBatch() *batch { return &batch{} }

func (b *batch) reset() {
	clear(b.drafts) // let go of the text the last batch's cells hold
	b.drafts, b.ids, b.rows, b.writable = b.drafts[:0], b.ids[:0], b.rows[:0], false
	clear(b.creates)
	b.creates, b.reasons, b.createRows, b.updates = b.creates[:0], b.reasons[:0], b.createRows[:0], b.updates[:0]
	clear(b.checklists)
	clear(b.createExtras)
	clear(b.slab)
	b.lines, b.errs, b.ends, b.slab = b.lines[:0], b.errs[:0], b.ends[:0], b.slab[:0]
	clear(b.assets)
	b.assets = b.assets[:0]
}

// read reads the next batch of p's rows into drafts, leaving out the rows
// of classes the import skips (p counts them). It returns io.EOF once p
// has no more rows, with the last batch, or what stopped the reading.
func (b *batch) read(ctx context.Context, p *filePlan) error {
	b.reset()
	err := b.readRows(ctx, p)
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	p.settleDateOrders()
	start := 0
	b.drafts = slices.Grow(b.drafts, len(b.lines))[:len(b.lines)]
	if cap(b.assets) < len(b.lines) {
		b.assets = make([]inventory.Asset, 0, len(b.lines)) // never grown: writes hold pointers into it
	}
	n := 0
	for i, line := range b.lines {
		d := &b.drafts[n]
		if b.errs[i] != nil {
			p.unreadableRow(d, b.errs[i], line)
		} else {
			p.readRow(d, b.slab[start:b.ends[i]], line, p.s)
		}
		start = b.ends[i]
		if d.skip {
			p.skipped(d.class)
			continue
		}
		n++
	}
	clear(b.drafts[n:])
	b.drafts = b.drafts[:n]
	return err
}

// readRows reads up to batchRows rows of p, noting what their dates show
// about the day/month order before any row is drafted: a batch decides
// its dates with what every row read so far showed.
func (b *batch) readRows(ctx context.Context, p *filePlan) error {
	for len(b.lines) < batchRows {
		if len(b.lines)%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		start := len(b.slab)
		slab, line, rowErr, err := p.t.next(b.slab)
		if err != nil {
			b.slab = slab[:start]
			return err
		}
		b.slab = slab
		if rowErr == nil {
			p.noteDates(b.slab[start:])
		}
		b.lines, b.errs, b.ends = append(b.lines, line), append(b.errs, rowErr), append(b.ends, len(b.slab))
	}
	return nil
}
