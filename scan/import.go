package scan

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/scan/nmapxml"
)

// ImportXML reads an nmap XML file and stores it as a check, through the
// same decode, observe, match and store path as a live check. A file cut
// short is stored as a partial check with every complete host; a file
// that is not nmap XML is refused (inventory.ErrInvalid, naming the file)
// and stores nothing. The check's actor is the store's.
func ImportXML(ctx context.Context, store inventory.Store, path string) (Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return Result{}, &inventory.Error{Kind: inventory.ErrInvalid, Field: path, Msg: "cannot read", Err: unwrapPathError(err)}
	}
	defer f.Close()
	return ImportReader(ctx, store, f, path)
}

// ImportReader is ImportXML for XML already open; name is the file name
// the check's source records ("import:NAME") and errors give.
func ImportReader(ctx context.Context, store inventory.Store, r io.Reader, name string) (Result, error) {
	res, err := DecodeXML(r, name, time.Now)
	if err != nil {
		return Result{}, err
	}
	return Save(ctx, store, res)
}

// DecodeXML turns an nmap XML document into an unmatched, unsaved result:
// every host nmap wrote becomes observations under the liveness rule. The
// check's times and arguments come from the document when it has them.
func DecodeXML(r io.Reader, name string, now func() time.Time) (Result, error) {
	// A file's hosts were seen when nmap finished them, not now: a zero
	// time makes Observe use each host's own end time.
	col := newCollector(nil, true, func() time.Time { return time.Time{} })
	summary, err := decodeAhead(r, col.host)
	check := inventory.Check{Source: "import:" + name, StartedAt: summary.Start, EndedAt: summary.End,
		Args: strings.Fields(summary.Args), Ports: []int{}, Targets: []string{}}
	switch {
	case err != nil && errors.Is(err, nmapxml.ErrTruncated):
		if summary.Decoded == 0 && summary.Scanner == "" {
			return Result{}, &inventory.Error{Kind: inventory.ErrInvalid, Field: name, Msg: "not an nmap XML file", Err: err}
		}
		check.Partial, check.PartialReason = true, "the file ends before the scan finished"
	case err != nil && col.hosts == 0:
		return Result{}, &inventory.Error{Kind: inventory.ErrInvalid, Field: name, Msg: "not readable as nmap XML", Err: err}
	case err != nil:
		check.Partial, check.PartialReason = true, "the file is unreadable after its last complete host: "+err.Error()
	case !summary.Finished:
		check.Partial, check.PartialReason = true, "the file ends before the scan finished"
	case summary.ErrorMsg != "":
		check.Partial, check.PartialReason = true, "nmap reported an error: "+summary.ErrorMsg
	}
	if check.StartedAt.IsZero() {
		check.StartedAt = now()
	}
	if check.EndedAt.IsZero() {
		check.EndedAt = check.StartedAt
	}
	obs := col.finish(check.Partial, check.EndedAt)
	tally(&check, obs)
	return Result{Check: check, Observations: obs}, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
