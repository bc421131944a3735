package importers

import (
	"context"

	"github.com/sunset-tui/sunset/inventory"
)

// outlet finishes the batches an applier decided, on a goroutine of its
// own, while the applier reads and decides the next one: in a real import
// it writes each batch, then counts its rows and hands them on. With the
// store's writes about as costly as reading and deciding, an import then
// takes about as long as the slower of the two. Two batches take turns.
type outlet struct {
	ctx      context.Context
	w        inventory.Writer // the real import's writes; nil in a dry run
	report   *Report          // its Counts are the outlet's until it is closed
	emit     func([]Row) error
	progress func(Progress)
	size     int64 // of every input together, or -1
	// stopped is set by a batch that is not writable or a failed write:
	// nothing more is written.
	stopped bool
	updated []int64 // the assets an update changed
	done    int     // rows handed on

	todo   chan *batch // decided, to finish
	free   chan *batch // finished, to fill again
	failed chan struct{}
	closed chan struct{}
	err    error // set before failed is closed
}

func newOutlet(ctx context.Context, w inventory.Writer, rep *Report, emit func([]Row) error, progress func(Progress), size int64) *outlet {
	o := &outlet{ctx: ctx, w: w, report: rep, emit: emit, progress: progress, size: size,
		todo: make(chan *batch), free: make(chan *batch, 2), failed: make(chan struct{}), closed: make(chan struct{})}
	o.free <- newBatch()
	o.free <- newBatch()
	go o.loop()
	return o
}

func (o *outlet) loop() {
	defer close(o.closed)
	for b := range o.todo {
		if o.err == nil {
			if err := o.finish(b); err != nil {
				o.err = err
				close(o.failed)
			}
		}
		o.free <- b
	}
}

// next is a batch to fill, or why the outlet failed.
func (o *outlet) next() (*batch, error) {
	select {
	case b := <-o.free:
		return b, nil
	case <-o.failed:
		return nil, o.err
	}
}

// close waits for every batch handed over to be finished, and says what
// failed.
func (o *outlet) close() error {
	close(o.todo)
	<-o.closed
	return o.err
}

// finish writes b, if it is writable and nothing failed before, counts
// its rows and hands them on.
func (o *outlet) finish(b *batch) error {
	if o.w != nil && !o.stopped {
		if err := o.write(b); err != nil {
			return err
		}
	}
	for i := range b.rows {
		o.report.Counts.add(b.rows[i].Action)
	}
	if err := o.emit(b.rows); err != nil {
		return err
	}
	o.done += len(b.rows)
	if o.progress != nil {
		o.progress(Progress{Rows: o.done, Read: b.readBytes, Size: o.size})
	}
	return o.ctx.Err()
}
