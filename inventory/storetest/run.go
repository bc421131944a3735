package storetest

import (
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

// env is what each case of the suite works with.
type env struct {
	t     *testing.T
	s     inventory.Store
	clock *Clock
	// open opens another new, empty store of the same kind, for the
	// cases that copy from one store to another.
	open func() inventory.Store
}

type suiteCase struct {
	name string
	run  func(e *env)
}

// Run runs the whole suite. open must return a new, empty store for the
// test it is given, recording Actor and reading Now(t); it should close
// the store in t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) inventory.Store) {
	var cases []suiteCase
	for _, group := range [][]suiteCase{
		storeCases, assetCases, findCases, stageCases, historyCases, mappingCases, mappingUpdateCases,
		checklistCases, sanitizationCases, checkCases, dismissalCases, policyCases, transactionCases, bulkCases,
		summaryCases, bulkReadCases, evidenceCases, readerCases, claimCases, filterCases, pageCases, keyCases, cancelCases,
		acknowledgementCases, siteCases, tableCases, textCases, goroutineCases, splitCases,
	} {
		cases = append(cases, group...)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clock := ClockFor(t)
			c.run(&env{t: t, s: open(t), clock: clock, open: func() inventory.Store { return open(t) }})
		})
	}
}
