// Command sqlrun runs an SQL script on a SQLite database through the
// pure-Go build of SQLite that sunset uses, for million.sh to set beside
// the sqlite3 program running the same script:
//
//	sqlrun DATABASE < SCRIPT
package main

import (
	"database/sql"
	"fmt"
	"io"
	"os"

	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: sqlrun DATABASE < SCRIPT")
		os.Exit(2)
	}
	script, err := io.ReadAll(os.Stdin)
	if err == nil {
		err = run(os.Args[1], string(script))
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
