// Command sqlrun runs SQL on a SQLite database through the pure-Go build
// of SQLite that sunset uses, for million.sh to measure the storage
// engine's floor beside sunset:
//
//	sqlrun DATABASE < SCRIPT
//	sqlrun -read DATABASE < QUERIES
//
// The first runs a script, as the sqlite3 program would. With -read, each
// line of QUERIES holds SELECTs separated by "; "; the lines run at once,
// each on its own connection, its SELECTs in turn, and every column of
// every row is read into a Go value, as a program reading those rows
// through database/sql must.
package main

import (
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	_ "modernc.org/sqlite"
)

func main() {
	read := flag.Bool("read", false, "read every row of the queries on standard input")
	flag.Usage = func() { fmt.Fprintln(os.Stderr, "usage: sqlrun [-read] DATABASE < SCRIPT") }
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	path := flag.Arg(0)
	script, err := io.ReadAll(os.Stdin)
	if err == nil {
		if *read {
			err = readAll(path, string(script))
		} else {
			err = run(path, string(script))
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

// readAll runs the lines of queries at once, each line's queries in turn,
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
	for _, line := range strings.Split(strings.TrimSpace(queries), "\n") {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, q := range strings.Split(line, "; ") {
				if err := readRows(db, q); err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("%s: %w", q, err))
					mu.Unlock()
					return
				}
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
