// Package pgtest runs a throwaway PostgreSQL cluster for tests: the
// server binaries of the machine (/usr/lib/postgresql/*/bin), a data
// directory and a Unix socket in a new temporary directory, no TCP
// listener at all (listen_addresses is empty), and a new database for
// each test that asks for one.
//
// A package's tests start the cluster on first use and stop it in
// TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
// When PostgreSQL cannot be started, a test that needs it is skipped with
// the reason, or fails when SUNSET_REQUIRE_PG=1 (as in CI).
//
// Running as root, the cluster runs as the unprivileged user "postgres"
// (PostgreSQL refuses root); otherwise as the current user.
// SUNSET_PG_BIN names another directory of server binaries.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// RequireEnv names the variable that turns a skip into a failure.
const RequireEnv = "SUNSET_REQUIRE_PG"

// PasswordUser is the one role the cluster asks for a password
// (scram-sha-256); every other role connects without one. A test that
// needs it creates it (CREATE ROLE ... PASSWORD).
const PasswordUser = "sunset_pw"

// Cluster is a running throwaway cluster.
type Cluster struct {
	dir    string // temporary directory holding data/, the socket and the log
	socket string // directory of the Unix socket
	cmd    *exec.Cmd
	exited chan struct{}
	dbs    atomic.Int64
}

var (
	once     sync.Once
	shared   *Cluster
	startErr error
)

// Main runs the package's tests and stops the cluster if one was started.
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: stopping the cluster: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// Required reports whether SUNSET_REQUIRE_PG asks for PostgreSQL.
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// Shared returns the package's cluster, starting it on first use. When it
// cannot start, tb is skipped with the reason (failed when Required).
func Shared(tb testing.TB) *Cluster {
	tb.Helper()
	once.Do(func() { shared, startErr = Start() })
	if startErr != nil {
		if Required() {
			tb.Fatalf("PostgreSQL is required (%s=1) but could not be started: %v", RequireEnv, startErr)
		}
		tb.Skipf("SKIPPING: PostgreSQL could not be started (%v); install it (apt-get install -y postgresql) "+
			"or set %s=1 to make this a failure", startErr, RequireEnv)
	}
	return shared
}

// NewDatabase creates an empty database in the shared cluster for tb and
// returns its URL; the database is dropped when tb ends.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	c := Shared(tb)
	u, name, err := c.CreateDatabase(context.Background())
	if err != nil {
		tb.Fatalf("create database: %v", err)
	}
	tb.Cleanup(func() {
		if err := c.DropDatabase(context.Background(), name); err != nil {
			tb.Errorf("drop database %s: %v", name, err)
		}
	})
	return u
}

// binDir finds the newest server binaries.
func binDir() (string, error) {
	if d := os.Getenv("SUNSET_PG_BIN"); d != "" {
		return d, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	dirs = slices.DeleteFunc(dirs, func(d string) bool {
		_, err := os.Stat(filepath.Join(d, "postgres"))
		return err != nil
	})
	if len(dirs) == 0 {
		return "", errors.New("no server binaries under /usr/lib/postgresql/*/bin")
	}
	slices.SortFunc(dirs, func(a, b string) int { return version(a) - version(b) })
	return dirs[len(dirs)-1], nil
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// runAs is who the server runs as: "postgres" when we are root.
func runAs() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root and there is no user postgres to run the server as: %w", err)
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// Start initialises and starts a new cluster.
func Start() (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	cred, err := runAs()
	if err != nil {
		return nil, err
	}
	removeStale()
	dir, err := os.MkdirTemp("", "sunset-pg-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, socket: filepath.Join(dir, "socket"), exited: make(chan struct{})}
	if err := c.start(bin, cred); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

func (c *Cluster) start(bin string, cred *syscall.Credential) error {
	if err := os.Mkdir(c.socket, 0o700); err != nil {
		return err
	}
	if cred != nil {
		for _, d := range []string{c.dir, c.socket} {
			if err := os.Chown(d, int(cred.Uid), int(cred.Gid)); err != nil {
				return err
			}
		}
	}
	data := filepath.Join(c.dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	initdb.Dir = c.dir
	if out, err := initdb.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v: %s", err, lastLines(out))
	}
	hba := filepath.Join(data, "pg_hba.conf")
	rules := "# pgtest: one role gives a password, every other is trusted; the socket is the only way in\n" +
		"local all " + PasswordUser + " scram-sha-256\n" +
		"local all all trust\n"
	if err := os.WriteFile(hba, []byte(rules), 0o600); err != nil {
		return err
	}
	if cred != nil {
		if err := os.Chown(hba, int(cred.Uid), int(cred.Gid)); err != nil {
			return err
		}
	}
	log, err := os.Create(filepath.Join(c.dir, "server.log"))
	if err != nil {
		return err
	}
	defer log.Close()
	// No TCP listener: the socket in our own directory is the only way in.
	c.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", c.socket,
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=100", "-c", "shared_buffers=64MB")
	c.cmd.Dir = c.dir
	c.cmd.Stdout, c.cmd.Stderr = log, log
	// The server dies with the test process, whatever way that ends.
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
	if err := c.cmd.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	go func() { c.cmd.Wait(); close(c.exited) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := pgx.Connect(context.Background(), c.URL("postgres"))
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		select {
		case <-c.exited:
			out, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
			return fmt.Errorf("postgres exited: %s", lastLines(out))
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not accept connections within 30s: %v", err)
		}
	}
}

// removeStale removes the directories of clusters whose tests were
// killed before they could remove them (the server itself dies with its
// test process): those older than a minute with no server running.
func removeStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "sunset-pg-*"))
	for _, d := range dirs {
		st, err := os.Stat(d)
		if err != nil || !st.IsDir() || time.Since(st.ModTime()) < time.Minute {
			continue
		}
		if pid, err := os.ReadFile(filepath.Join(d, "data", "postmaster.pid")); err == nil {
			n, _ := strconv.Atoi(strings.SplitN(string(pid), "\n", 2)[0])
			if n > 0 && syscall.Kill(n, 0) == nil {
				continue // still running
			}
		}
		os.RemoveAll(d)
	}
}

func lastLines(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.Join(lines[max(0, len(lines)-5):], "\n")
}

// URL is the URL of database name in the cluster, through its socket.
func (c *Cluster) URL(name string) string {
	return "postgres://postgres@/" + url.PathEscape(name) + "?host=" + url.QueryEscape(c.socket) + "&sslmode=disable"
}

// Socket is the directory holding the cluster's Unix socket.
func (c *Cluster) Socket() string { return c.socket }

// CreateDatabase creates a new, empty database and returns its URL and
// name. Its default collation is ICU's English when the server has ICU,
// so that a query which does not ask for byte order does not get it by
// chance.
func (c *Cluster) CreateDatabase(ctx context.Context) (dbURL, name string, err error) {
	name = fmt.Sprintf("sunset_test_%d_%d", os.Getpid(), c.dbs.Add(1))
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return "", "", err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`)
	if err != nil {
		if _, err = conn.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8'`); err != nil {
			return "", "", err
		}
	}
	return c.URL(name), name, nil
}

// DropDatabase drops a database, closing what is still connected to it.
func (c *Cluster) DropDatabase(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
	return err
}

// Stop stops the server at once and removes its directory.
func (c *Cluster) Stop() error {
	var err error
	if c.cmd != nil && c.cmd.Process != nil {
		select {
		case <-c.exited:
		default:
			// SIGQUIT: immediate shutdown; the data is thrown away anyway.
			c.cmd.Process.Signal(syscall.SIGQUIT)
			select {
			case <-c.exited:
			case <-time.After(20 * time.Second):
				c.cmd.Process.Kill()
				<-c.exited
				err = errors.New("postgres did not stop within 20s; killed")
			}
		}
	}
	if rmErr := os.RemoveAll(c.dir); err == nil {
		err = rmErr
	}
	return err
}
