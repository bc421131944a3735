package postgres

import (
	"context"
	"database/sql/driver"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/sunset-tui/sunset/inventory"
)

var _ inventory.ChangeWatcher = (*Store)(nil)

// revisionChannel is the channel migration 0002 notifies, the new
// revision as the payload, whenever a transaction that bumps the revision
// commits.
const revisionChannel = "sunset_revision"

// watchHealth is how long a watch waits for a notification before it
// pings its connection, so that a connection lost without a word (a
// network gone away) ends the watch within about this long.
const watchHealth = 30 * time.Second

// WatchChanges listens for committed writes on a connection of its own,
// outside the Store's pool (a TUI listens for its whole session), and
// reports each one's revision: see inventory.ChangeWatcher. Closing the
// Store does not end the watch; ctx does.
func (s *Store) WatchChanges(ctx context.Context) (<-chan int64, error) {
	conn, err := s.listen(ctx)
	if err != nil {
		return nil, s.fail(err)
	}
	ch := make(chan int64, 1)
	go func() {
		defer close(ch)
		defer conn.Close(context.Background())
		for {
			rev, err := waitRevision(ctx, conn)
			if err != nil {
				return
			}
			if rev < 0 {
				continue
			}
			// Keep only the newest: the one sender drains an unread
			// older revision, so the send below never blocks.
			select {
			case <-ch:
			default:
			}
			ch <- rev
		}
	}()
	return ch, nil
}

// listen opens a connection to the Store's database, with the Store's
// configuration, and listens on the revision channel.
func (s *Store) listen(ctx context.Context) (*pgx.Conn, error) {
	// The connection outlives ctx's timeout: it bounds the setting up.
	ctx, cancel := context.WithTimeout(ctx, watchHealth)
	defer cancel()
	cfg, err := s.connConfig(ctx)
	if err != nil {
		return nil, dbError("watch for changes", err)
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["application_name"] = "sunset watch"
	// The copy keeps the pool connection's handler, which would take the
	// notifications away from this connection.
	cfg.OnNotification = nil
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, dbError("watch for changes", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+revisionChannel); err != nil {
		conn.Close(context.Background())
		return nil, dbError("watch for changes", err)
	}
	return conn, nil
}

// connConfig is a copy of the configuration the pool's connections were
// opened with.
func (s *Store) connConfig(ctx context.Context) (*pgx.ConnConfig, error) {
	c, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var cfg *pgx.ConnConfig
	err = c.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return driver.ErrBadConn
		}
		cfg = sc.Conn().Config()
		return nil
	})
	return cfg, err
}

// waitRevision waits for the next notification and returns its revision
// (-1 for one it cannot read, or none before the health check passed). An
// error ends the watch: ctx ended or the connection is lost.
func waitRevision(ctx context.Context, conn *pgx.Conn) (int64, error) {
	wait, cancel := context.WithTimeout(ctx, watchHealth)
	n, err := conn.WaitForNotification(wait)
	cancel()
	if err != nil {
		if ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) || conn.IsClosed() {
			return 0, err
		}
		// Quiet for a while: make sure the connection still answers.
		ping, cancel := context.WithTimeout(ctx, watchHealth)
		defer cancel()
		if err := conn.Ping(ping); err != nil {
			return 0, err
		}
		return -1, nil
	}
	rev, err := strconv.ParseInt(n.Payload, 10, 64)
	if n.Channel != revisionChannel || err != nil {
		return -1, nil
	}
	return rev, nil
}
