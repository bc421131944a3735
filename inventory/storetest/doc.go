// Package storetest is the conformance suite every inventory.Store
// implementation runs. A backend's test calls Run with a function that
// opens a fresh, empty store:
//
//	storetest.Run(t, func(t *testing.T) inventory.Store {
//		s, err := sqlite.Open(filepath.Join(t.TempDir(), "sunset.db"),
//			sqlite.Options{Actor: storetest.Actor, Now: storetest.Now(t)})
//		if err != nil {
//			t.Fatal(err)
//		}
//		t.Cleanup(func() { s.Close() })
//		return s
//	})
//
// The store must record Actor as its actor and read its time from Now(t),
// the clock the suite moves forward, so that the suite can check who and
// when every history event, check and checklist tick says.
//
// What a store decides for itself elsewhere is stated here once, so that
// every store gives the same answers: how text sorts and compares in any
// case (text.go: byte order, inventory.FoldCase, Search folding ASCII
// letters only, with cases in other scripts), and what holds for
// goroutines and cancellation inside an Update (goroutines.go).
package storetest
