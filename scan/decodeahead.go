package scan

import (
	"errors"
	"io"

	"github.com/sunset-tui/sunset/scan/nmapxml"
)

// hostBatch is how many decoded hosts pass between decodeAhead's two
// goroutines at a time, and aheadBatches how many batches the reading may
// get ahead.
const (
	hostBatch    = 256
	aheadBatches = 4
)

// errStopped tells the decoding goroutine that onHost gave up.
var errStopped = errors.New("stopped")

// decodeAhead is nmapxml.Decode with the reading of XML on a goroutine of
// its own, a few batches of hosts ahead of onHost, which runs on the
// caller's: turning a large file's hosts into observations then takes
// about as long as reading it. Hosts reach onHost in document order; an
// error from onHost stops the reading and is returned.
func decodeAhead(r io.Reader, onHost func(nmapxml.Host) error) (nmapxml.Summary, error) {
	batches := make(chan []nmapxml.Host, aheadBatches)
	// free hands emptied batches back, so that a few of them serve a
	// whole file.
	free := make(chan []nmapxml.Host, aheadBatches+2)
	stop := make(chan struct{})
	var summary nmapxml.Summary
	var decodeErr error
	go func() {
		defer close(batches)
		batch := make([]nmapxml.Host, 0, hostBatch)
		summary, decodeErr = nmapxml.Decode(r, func(h nmapxml.Host) error {
			batch = append(batch, h)
			if len(batch) < hostBatch {
				return nil
			}
			select {
			case batches <- batch:
			case <-stop:
				return errStopped
			}
			select {
			case batch = <-free:
			default:
				batch = make([]nmapxml.Host, 0, hostBatch)
			}
			return nil
		})
		if len(batch) > 0 {
			select {
			case batches <- batch:
			case <-stop:
			}
		}
	}()
	var hostErr error
	for batch := range batches {
		if hostErr != nil {
			continue // draining what was sent before the stop
		}
		for _, h := range batch {
			if hostErr = onHost(h); hostErr != nil {
				close(stop)
				break
			}
		}
		clear(batch) // let the hosts go
		select {
		case free <- batch[:0]:
		default:
		}
	}
	if hostErr != nil {
		return summary, hostErr
	}
	return summary, decodeErr
}
