package scan

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// The tests of this package store checks as the lifecycle service does,
// less the checklist items a check proves (the service's own tests cover
// those): these helpers are that part of the service, kept here so that
// scan tests its storing path on its own.

// Check plans a check from the store's inventory and policy, runs it,
// matches what it saw to assets and stores the check with its observations
// in one transaction (which also moves each answering asset's last-seen).
//
// A check refused before nmap runs (empty scope, a named target outside
// it, nothing to check) stores nothing. A partial check is stored, marked
// partial: one interrupted through ctx is returned without error (what
// nmap completed is kept), one nmap failed to finish with the *CheckFailed
// Execute returned.
func Check(ctx context.Context, store inventory.Store, runner Runner, req CheckRequest) (Result, error) {
	res, err := Execute(ctx, store, runner, req)
	if !producedCheck(err) {
		return res, err
	}
	stored, storeErr := Save(ctx, store, res)
	if storeErr != nil {
		return Result{}, errors.Join(storeErr, err)
	}
	return stored, err
}

// Save matches a result's observations to the store's assets and stores
// the check with them in one transaction: Record in a Store.Update of its
// own. It goes on when ctx is cancelled, so that what an interrupted check
// learned is kept.
func Save(ctx context.Context, store inventory.Store, res Result) (Result, error) {
	ctx = context.WithoutCancel(ctx)
	var stored Result
	err := store.Update(ctx, func(w inventory.Writer) error {
		var err error
		stored, err = Record(ctx, w, res)
		return err
	})
	if err != nil {
		return Result{}, err
	}
	return stored, nil
}

// ImportXML reads an nmap XML file and stores it as a check, through the
// same decode, observe, match and store path as a live check. A file cut
// short is stored as a partial check with every complete host; a file
// that is not nmap XML, or whose times lie in the future, is refused
// (inventory.ErrInvalid, naming the file) and stores nothing. The check's
// actor is the store's.
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

// producedCheck tells a run that has a check to store, finished or not,
// from one that never got to run nmap.
func producedCheck(runErr error) bool {
	var failed *CheckFailed
	return runErr == nil || errors.As(runErr, &failed)
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
