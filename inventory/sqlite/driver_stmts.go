package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"time"
)

// driverStmts runs the bulk inserts of a write transaction (see batch)
// on the driver's own statements, below database/sql: for every call,
// database/sql copies and checks each argument into a new slice, which for
// an import of 100,000 assets is two million arguments and some 60 MB of
// garbage. A driver statement is prepared once per Update on the writer's
// connection and run with one argument slice, reused.
type driverStmts struct {
	conn  *sql.Conn
	stmts map[string]driver.Stmt
	args  []driver.NamedValue
}

func newDriverStmts(conn *sql.Conn) *driverStmts {
	return &driverStmts{conn: conn, stmts: map[string]driver.Stmt{}}
}

// exec runs query with args in the connection's open transaction.
func (d *driverStmts) exec(ctx context.Context, query string, args []any) error {
	return d.conn.Raw(func(c any) error {
		st, ok := d.stmts[query]
		if !ok {
			var err error
			if st, err = c.(driver.ConnPrepareContext).PrepareContext(ctx, query); err != nil {
				return err
			}
			d.stmts[query] = st
		}
		nv := d.args[:0]
		for i, a := range args {
			v, err := driverValue(a)
			if err != nil {
				return err
			}
			nv = append(nv, driver.NamedValue{Ordinal: i + 1, Value: v})
		}
		_, err := st.(driver.StmtExecContext).ExecContext(ctx, nv)
		clear(nv) // let the values go
		d.args = nv[:0]
		return err
	})
}

// close closes the statements; the Update calls it before it gives the
// connection back.
func (d *driverStmts) close() {
	if len(d.stmts) == 0 {
		return
	}
	_ = d.conn.Raw(func(any) error {
		for _, st := range d.stmts {
			st.Close()
		}
		return nil
	})
	d.stmts = nil
}

// driverValue is v as database/sql would hand it to the driver.
func driverValue(v any) (driver.Value, error) {
	switch v.(type) {
	case nil, int64, float64, bool, string, []byte, time.Time:
		return v, nil
	}
	return driver.DefaultParameterConverter.ConvertValue(v)
}
