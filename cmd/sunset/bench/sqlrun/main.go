// Command sqlrun runs SQL on a SQLite database through the pure-Go build
// of SQLite that sunset uses, for million.sh to measure the storage
// engine's floor beside sunset:
//
//	sqlrun DATABASE < SCRIPT
//	sqlrun -read DATABASE < QUERIES
//
// The first runs a script, as the sqlite3 program would. With -read, each
// line of QUERIES is a SELECT; they run at once, each on its own
// connection, and every column of every row is read into a Go value, as
// a program reading those rows through database/sql must.
package main

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	_ "modernc.org/sqlite"
)

func main() {
	args := os.Args[1:]
	read := len(args) == 2 && args[0] == "-read"
	if read {
		args = args[1:]
	}
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: sqlrun [-read] DATABASE < SCRIPT")
		os.Exit(2)
	}
	script, err := io.ReadAll(os.Stdin)
	if err == nil {
		if read {
			err = readAll(args[0], string(script))
		} else {
			err = run(args[0], string(script))
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sqlrun:", err)
		os.Exit(1)
	}
}

func run(path, script string) error {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection: the script's pragmas and ATTACH hold for all of it
	_, err = db.Exec(script)
	return err
}

// readAll runs each line of queries on its own connection, all at once,
// and reads every column of every row.
func readAll(path, queries string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for _, q := range strings.Split(strings.TrimSpace(queries), "\n") {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := readRows(db, q); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: %w", q, err))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func readRows(db *sql.DB, query string) error {
	rows, err := db.Query(query)
	if err != nil {
		return err
	}
	defer rows.Close()
	columns, err := rows.Columns()
	if err != nil {
		return err
	}
	values := make([]any, len(columns))
	into := make([]any, len(columns))
	for i := range values {
		into[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(into...); err != nil {
			return err
		}
	}
	return rows.Err()
}
