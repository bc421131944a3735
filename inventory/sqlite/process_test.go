package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Tests that need a second OS process run this test binary again as a
// child, selecting TestHelperProcess and a role through the environment.
const (
	envRole = "SUNSET_SQLITE_TEST_ROLE"
	envDB   = "SUNSET_SQLITE_TEST_DB"
	envName = "SUNSET_SQLITE_TEST_NAME"
)

// Sizes of the child processes' work.
const (
	crashCommitted = 1000  // assets committed before the crash
	crashDoomed    = 50000 // assets of the transaction that is killed
	crashSignalAt  = 10000 // doomed assets written before "in-tx"
	writerUpdates  = 50    // Updates per concurrent writer
	writerAssets   = 20    // assets per Update
)

// child prepares a re-run of this test binary in the given role.
func child(ctx context.Context, t *testing.T, role, db, name string) *exec.Cmd {
	t.Helper()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envRole+"="+role, envDB+"="+db, envName+"="+name)
	return cmd
}

// TestHelperProcess is not a test: it is the body of the child processes.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv(envRole)
	if role == "" {
		t.Skip("runs only as a child process of the crash and concurrency tests")
	}
	var err error
	switch role {
	case "crash":
		err = crashChild(os.Getenv(envDB))
	case "writer":
		err = writerChild(os.Getenv(envDB), os.Getenv(envName))
	case "migrate":
		err = migrateChild(os.Getenv(envDB))
	default:
		err = fmt.Errorf("unknown role %q", role)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

func testAsset(tag string, n int) inventory.Asset {
	return inventory.Asset{Tag: tag, Hostname: tag, Kind: inventory.KindServer, Owner: "ops",
		Addresses: []inventory.Address{{Kind: inventory.AddrIP, Value: fmt.Sprintf("127.%d.%d.%d", n>>16&255, n>>8&255, n&255), Primary: true}}}
}

// crashChild commits a first batch, then starts a large transaction, says
// "in-tx" halfway through it, and never commits: the parent kills it.
func crashChild(path string) error {
	s, err := Open(path, Options{Actor: "crash-child"})
	if err != nil {
		return err
	}
	ctx := context.Background()
	err = s.Update(ctx, func(w inventory.Writer) error {
		for i := 0; i < crashCommitted; i++ {
			a := testAsset(fmt.Sprintf("committed-%05d", i), i)
			if err := w.CreateAsset(ctx, &a, "first batch"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.Update(ctx, func(w inventory.Writer) error {
		for i := 0; i < crashDoomed; i++ {
			a := testAsset(fmt.Sprintf("doomed-%05d", i), i)
			if err := w.CreateAsset(ctx, &a, "never committed"); err != nil {
				return err
			}
			if i == crashSignalAt {
				fmt.Println("in-tx")
			}
		}
		time.Sleep(time.Hour) // still inside the transaction when killed
		return nil
	})
}

// writerChild opens the database, says "ready", waits for a line on
// stdin, then makes many small Updates back to back, and prints when it
// began and ended them.
func writerChild(path, name string) error {
	s, err := Open(path, Options{Actor: name})
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		return err
	}
	ctx := context.Background()
	began := time.Now()
	for u := 0; u < writerUpdates; u++ {
		err := s.Update(ctx, func(w inventory.Writer) error {
			for i := 0; i < writerAssets; i++ {
				a := testAsset(fmt.Sprintf("%s-%03d-%02d", name, u, i), u*writerAssets+i)
				if err := w.CreateAsset(ctx, &a, ""); err != nil {
					return err
				}
				if i == 0 {
					if err := w.SetStage(ctx, a.ID, inventory.StageSpare, "shelved", false); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("update %d: %w", u, err)
		}
	}
	fmt.Println("window", began.UnixNano(), time.Now().UnixNano())
	return nil
}

// waitFor reads lines from r until one equals want.
func waitFor(r io.Reader, want string) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if sc.Text() == want {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return fmt.Errorf("child ended without saying %q", want)
}

func count(t *testing.T, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.reader.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// execCmd is a started child with its output.
type execCmd struct {
	cmd    *exec.Cmd
	stdout io.Reader
}
