package main

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Several processes edit, move and tick the same assets at once, on each
// store: afterwards history holds every accepted change exactly once, and
// every refused one was told to its writer (exit 2 with its reason).
func TestConcurrentWritersNeverLoseOrDoubleAChange(t *testing.T) {
	for _, store := range migrateTargets {
		t.Run(store.name, func(t *testing.T) {
			e := newEnv(t)
			e.db = store.target(t)
			const assets, edits = 3, 4
			for i := range assets {
				e.ok("asset", "add", "--tag", fmt.Sprintf("C-%d", i), "--hostname", fmt.Sprintf("c-%d", i), "--stage", "active")
			}
			type outcome struct {
				what string
				r    result
			}
			var mu sync.Mutex
			var outcomes []outcome
			var wg sync.WaitGroup
			run := func(what string, args ...string) {
				defer wg.Done()
				r := e.run(args...)
				mu.Lock()
				outcomes = append(outcomes, outcome{what, r})
				mu.Unlock()
			}
			for i := range assets {
				tag := fmt.Sprintf("C-%d", i)
				for j := range 2 { // two people move the same asset at once
					wg.Add(1)
					go run("stage "+tag, "stage", tag, "decommissioning", "--reason", fmt.Sprintf("writer %d", j))
				}
				for j := range edits {
					wg.Add(1)
					go run("edit "+tag, "asset", "set", tag, "--location", fmt.Sprintf("room %d", j))
				}
			}
			wg.Wait()
			// Then two people tick the same item at once.
			for i := range assets {
				for range 2 {
					wg.Add(1)
					go run(fmt.Sprintf("tick C-%d", i), "checklist", fmt.Sprintf("C-%d", i), "--done", "remove-dns-dhcp-monitoring")
				}
			}
			wg.Wait()

			accepted := map[string]int{}
			for _, o := range outcomes {
				switch o.r.code {
				case 0:
					accepted[o.what]++
				case 2:
					// The writer that lost the race is told the other won.
					if !strings.Contains(o.r.stderr, "already") {
						t.Errorf("%s refused without saying why: %q", o.what, o.r.stderr)
					}
				default:
					t.Errorf("%s: exit %d\n%s", o.what, o.r.code, o.r.stderr)
				}
			}
			for i := range assets {
				tag := fmt.Sprintf("C-%d", i)
				if accepted["stage "+tag] != 1 || accepted["tick "+tag] != 1 || accepted["edit "+tag] != edits {
					t.Errorf("%s: %d stage changes, %d ticks, %d edits accepted; want 1, 1, %d",
						tag, accepted["stage "+tag], accepted["tick "+tag], accepted["edit "+tag], edits)
				}
				stages, ticks, locations := 0, 0, 0
				for _, ev := range jsonDoc(t, e.ok("asset", "show", tag, "--json").stdout)["history"].([]any) {
					ev := ev.(map[string]any)
					action, _ := ev["action"].(string)
					changes, _ := ev["changes"].([]any)
					for _, c := range changes {
						c := c.(map[string]any)
						switch {
						case action == "stage":
							stages++
						case c["field"] == "location":
							locations++
						case action == "checklist" && c["field"] == "remove-dns-dhcp-monitoring" && c["to"] == "done":
							ticks++
						}
					}
				}
				if stages != 1 || locations != edits || ticks != 1 {
					t.Errorf("%s history: %d stage changes, %d location changes, %d ticks; want 1, %d, 1",
						tag, stages, locations, ticks, edits)
				}
			}
		})
	}
}
