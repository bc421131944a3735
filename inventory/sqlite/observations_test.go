package sqlite

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/sqlstore"
)

// TestObservationsWrittenBeforeStillRead: an observation row as an
// earlier sunset stored it, ports as objects, reads as before.
func TestObservationsWrittenBeforeStillRead(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := inventory.Check{StartedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Source: "live"}
	if err := s.Update(ctx, func(w inventory.Writer) error { return w.SaveCheck(ctx, &c, nil) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.writer.Exec(`INSERT INTO observations (check_id, address, state, hostnames, ports, seen_at)
		VALUES (?, '192.0.2.5', 'answered', '["a.example.test"]', '[{"port":443,"protocol":"tcp","state":"open","service":"https"}]', ?)`,
		c.ID, sqlstore.TimeText(c.StartedAt)); err != nil {
		t.Fatal(err)
	}
	obs, err := s.Observations(ctx, inventory.ObservationFilter{CheckID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := []inventory.Port{{Number: 443, Protocol: "tcp", State: "open", Service: "https"}}
	if len(obs) != 1 || !reflect.DeepEqual(obs[0].Ports, want) || !reflect.DeepEqual(obs[0].Hostnames, []string{"a.example.test"}) {
		t.Fatalf("observations %+v", obs)
	}
}
