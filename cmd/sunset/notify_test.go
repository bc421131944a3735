package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/sunset-tui/sunset/inventory"
)

// The notify tests run the command in this process, so that the clock can
// be moved between runs, and deliver to a real SMTP server and a webhook
// receiver they start on 127.0.0.1. Nothing leaves the machine.

const smtpTestPassword = "pw-Zq81-never-printed"

// mailbox is an SMTP server on 127.0.0.1 that requires STARTTLS and a
// login, and keeps what it was sent. With refuse set, it refuses every
// recipient.
type mailbox struct {
	addr   string
	mu     sync.Mutex
	msgs   []mailMsg
	refuse bool
}

type mailMsg struct {
	from string
	to   []string
	data string
}

func (m *mailbox) messages() []mailMsg {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]mailMsg(nil), m.msgs...)
}

func (m *mailbox) to(addr string) []mailMsg {
	var out []mailMsg
	for _, msg := range m.messages() {
		for _, t := range msg.to {
			if t == addr {
				out = append(out, msg)
			}
		}
	}
	return out
}

type mailSession struct {
	box    *mailbox
	authed bool
	msg    mailMsg
}

func (s *mailSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *mailSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "sunset" || pass != smtpTestPassword {
			return errors.New("invalid credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.msg = mailMsg{from: from}
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.box.refuse {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox unavailable"}
	}
	s.msg.to = append(s.msg.to, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.data = string(b)
	s.box.mu.Lock()
	s.box.msgs = append(s.box.msgs, s.msg)
	s.box.mu.Unlock()
	return nil
}

func (s *mailSession) Reset()        { s.msg = mailMsg{} }
func (s *mailSession) Logout() error { return nil }

// testTLS makes a certificate for 127.0.0.1 and the client side that
// trusts it.
func testTLS(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool}
}

// How the test's SMTP server protects its connections.
const (
	starttls = iota // offers STARTTLS (smtp://)
	implicit        // TLS from the first byte (smtps://)
	plain           // no TLS at all (smtp://...?tls=none)
)

// startMailbox starts the SMTP server.
func startMailbox(t *testing.T, mode int) *mailbox {
	t.Helper()
	serverTLS, clientTLS := testTLS(t)
	box := &mailbox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mailSession{box: box}, nil }))
	srv.Domain = "127.0.0.1"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	var l net.Listener
	var err error
	switch mode {
	case implicit:
		l, err = tls.Listen("tcp", "127.0.0.1:0", serverTLS)
	case plain:
		srv.AllowInsecureAuth = true
		l, err = net.Listen("tcp", "127.0.0.1:0")
	default:
		srv.TLSConfig = serverTLS
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	box.addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	old := delivery
	delivery.tls = clientTLS
	delivery.smtpTimeout = 5 * time.Second
	delivery.webhookBackoff = 10 * time.Millisecond
	t.Cleanup(func() { delivery = old })
	return box
}

// hookBox is a webhook receiver on 127.0.0.1 that keeps what it was sent.
type hookBox struct {
	*httptest.Server
	mu    sync.Mutex
	posts []map[string]any
}

func startHooks(t *testing.T) *hookBox {
	h := &hookBox{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var doc map[string]any
		if err := json.NewDecoder(r.Body).Decode(&doc); err != nil || r.Method != http.MethodPost {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		h.mu.Lock()
		h.posts = append(h.posts, doc)
		h.mu.Unlock()
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookBox) received() []map[string]any {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]map[string]any(nil), h.posts...)
}

// clockEnv runs sunset in this process at a time the test sets.
type clockEnv struct {
	t   *testing.T
	db  string
	now time.Time
	out []string // every output, to look for the password in
}

func newClockEnv(t *testing.T, now time.Time) *clockEnv {
	return &clockEnv{t: t, db: filepath.Join(t.TempDir(), "sunset.db"), now: now}
}

func (e *clockEnv) run(args ...string) result {
	e.t.Helper()
	var out, errb bytes.Buffer
	a := &app{actor: "tester", now: func() time.Time { return e.now }, stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	defer a.close()
	root := newRootCmd(a)
	root.SetArgs(append([]string{"--db", e.db}, args...))
	root.SetIn(a.stdin)
	root.SetOut(&out)
	root.SetErr(&errb)
	code := report(&errb, root.ExecuteContext(context.Background()))
	e.out = append(e.out, out.String(), errb.String())
	return result{code, out.String(), errb.String()}
}

func (e *clockEnv) ok(args ...string) result {
	e.t.Helper()
	r := e.run(args...)
	if r.code != 0 {
		e.t.Fatalf("sunset %v: exit %d\nstdout: %s\nstderr: %s", args, r.code, r.stdout, r.stderr)
	}
	return r
}

func (e *clockEnv) day(offset int) string { return e.now.AddDate(0, 0, offset).Format("2006-01-02") }

// seedOwners makes an inventory whose owners reach people three ways:
// infra by e-mail, acme by webhook, legacy not at all (the fallback), and
// a contractor's mapping long expired (escalated).
func seedOwners(e *clockEnv, box *mailbox, hooks *hookBox) {
	e.ok("asset", "add", "--tag", "web-01", "--hostname", "web-01", "--owner", "infra", "--eol-on", e.day(20))
	e.ok("asset", "add", "--tag", "cam-02", "--hostname", "cam-02", "--owner", "acme", "--warranty-ends", e.day(5))
	e.ok("asset", "add", "--tag", "nas-03", "--hostname", "nas-03", "--owner", "legacy", "--eol-on", e.day(79))
	e.ok("mapping", "add", "web-01", "--external", "127.0.0.1:3389", "--owner", "contractor", "--expires", e.day(-21))
	e.ok("owner", "set", "infra", "--email", "infra@example.org")
	e.ok("owner", "set", "acme", "--webhook", hooks.URL+"/hooks/acme")
	e.ok("policy", "set", "notify.fallback", "ops@example.org")
	e.ok("policy", "set", "notify.smtp", "smtp://sunset@"+box.addr)
	e.ok("policy", "set", "notify.from", "sunset@example.org")
}

var notifyStart = time.Date(2030, 1, 10, 9, 0, 0, 0, time.UTC)

func TestNotifySendsEachStepOnceToTheRightAddresses(t *testing.T) {
	t.Setenv(smtpPasswordEnv, smtpTestPassword)
	box, hooks := startMailbox(t, starttls), startHooks(t)
	e := newClockEnv(t, notifyStart)
	seedOwners(e, box, hooks)

	r := e.ok("notify")
	if !strings.Contains(r.stdout, "sent to infra@example.org") || !strings.Contains(r.stdout, "3 of 3 digests sent") {
		t.Fatalf("first run:\n%s", r.stdout)
	}
	infra := box.to("infra@example.org")
	if len(infra) != 1 || !strings.Contains(infra[0].data, "web-01 reaches its end of life on 2030-01-30") ||
		strings.Contains(infra[0].data, "nas-03") || infra[0].from != "sunset@example.org" {
		t.Fatalf("infra got %+v", infra)
	}
	for _, part := range []string{"Content-Type: text/plain", "Content-Type: text/html", "Subject: sunset: 1 item coming due for infra"} {
		if !strings.Contains(infra[0].data, part) {
			t.Errorf("infra's e-mail lacks %q:\n%s", part, infra[0].data)
		}
	}
	ops := box.to("ops@example.org")
	if len(ops) != 1 {
		t.Fatalf("the fallback got %d messages", len(ops))
	}
	for _, want := range []string{"nas-03", "ESCALATED", "owner: contractor", "owner: legacy"} {
		if !strings.Contains(ops[0].data, want) {
			t.Errorf("the fallback's digest lacks %q:\n%s", want, ops[0].data)
		}
	}
	if strings.Contains(ops[0].data, "web-01 reaches its end of life") {
		t.Errorf("the fallback got infra's item:\n%s", ops[0].data)
	}
	posts := hooks.received()
	if len(posts) != 1 || posts[0]["schema"] != float64(1) || posts[0]["owner"] != "acme" {
		t.Fatalf("webhook got %v", posts)
	}
	items := posts[0]["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["asset"] != "cam-02" || items[0].(map[string]any)["step"] != "7d" {
		t.Fatalf("webhook items %v", items)
	}

	// A rerun sends nothing new.
	r = e.ok("notify")
	if !strings.Contains(r.stdout, "nothing new to send") || len(box.messages()) != 2 || len(hooks.received()) != 1 {
		t.Fatalf("second run sent again:\n%s\n%d mails, %d posts", r.stdout, len(box.messages()), len(hooks.received()))
	}

	// Two weeks on, web-01's end of life is 6 days off: its 7d step,
	// and nothing else, goes out, once.
	e.now = e.now.AddDate(0, 0, 14)
	r = e.ok("notify", "--json")
	var doc struct {
		Schema     int `json:"schema"`
		Deliveries []struct {
			Recipient string `json:"recipient"`
			Sent      bool   `json:"sent"`
			Items     []struct {
				Step  string `json:"step"`
				Asset string `json:"asset"`
			} `json:"items"`
		} `json:"deliveries"`
		Sent int `json:"sent"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("notify --json: %v\n%s", err, r.stdout)
	}
	if doc.Schema != 1 || len(doc.Deliveries) != 1 || doc.Deliveries[0].Recipient != "infra@example.org" || !doc.Deliveries[0].Sent ||
		len(doc.Deliveries[0].Items) != 1 || doc.Deliveries[0].Items[0].Step != "7d" {
		t.Fatalf("after the step was crossed: %s", r.stdout)
	}
	if n := len(box.to("infra@example.org")); n != 2 || len(box.messages()) != 3 {
		t.Fatalf("infra has %d messages, %d in all; want 2 and 3", n, len(box.messages()))
	}
	if r = e.ok("notify"); !strings.Contains(r.stdout, "nothing new to send") {
		t.Fatalf("third run:\n%s", r.stdout)
	}
	assertPasswordNowhere(t, e)
}

func TestNotifyDryRunSendsAndRecordsNothing(t *testing.T) {
	t.Setenv(smtpPasswordEnv, smtpTestPassword)
	box, hooks := startMailbox(t, starttls), startHooks(t)
	e := newClockEnv(t, notifyStart)
	seedOwners(e, box, hooks)
	r := e.ok("notify", "--dry-run")
	for _, want := range []string{"=== to infra@example.org (email)", "=== to ops@example.org (email)", "(webhook), 1 item\n",
		"dry run: 3 digests, 5 items"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "/hooks/acme") {
		t.Errorf("dry run printed the webhook's URL:\n%s", r.stdout)
	}
	if len(box.messages()) != 0 || len(hooks.received()) != 0 {
		t.Fatal("a dry run delivered")
	}
	if again := e.ok("notify", "--dry-run"); again.stdout != r.stdout {
		t.Fatalf("a dry run recorded something:\n%s\n---\n%s", r.stdout, again.stdout)
	}
}

func TestNotifyKeepsItemsWhenTheMailServerRefuses(t *testing.T) {
	t.Setenv(smtpPasswordEnv, smtpTestPassword)
	box, hooks := startMailbox(t, starttls), startHooks(t)
	box.refuse = true
	e := newClockEnv(t, notifyStart)
	seedOwners(e, box, hooks)
	r := e.run("notify")
	if r.code != 1 || !strings.Contains(r.stderr, "not sent to infra@example.org") ||
		!strings.Contains(r.stderr, "2 of 3 deliveries failed; their items wait for the next run") {
		t.Fatalf("refused: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if len(hooks.received()) != 1 {
		t.Fatalf("the webhook was not delivered beside the failures")
	}
	// The server takes mail again: what was refused goes now, and only it.
	box.refuse = false
	r = e.ok("notify")
	if len(box.to("infra@example.org")) != 1 || len(box.to("ops@example.org")) != 1 || len(hooks.received()) != 1 {
		t.Fatalf("the kept items were not sent once each:\n%s", r.stdout)
	}
	assertPasswordNowhere(t, e)
}

func TestNotifyKeepsItemsWhenTheMailServerTimesOut(t *testing.T) {
	t.Setenv(smtpPasswordEnv, smtpTestPassword)
	box, hooks := startMailbox(t, starttls), startHooks(t)
	e := newClockEnv(t, notifyStart)
	seedOwners(e, box, hooks)
	// A server that accepts the connection and never says a word.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	e.ok("policy", "set", "notify.smtp", "smtp://sunset@"+silent.Addr().String())
	delivery.smtpTimeout = 500 * time.Millisecond
	start := time.Now()
	r := e.run("notify")
	if r.code != 1 || !strings.Contains(r.stderr, "not sent to ops@example.org") || time.Since(start) > 20*time.Second {
		t.Fatalf("silent server: exit %d after %v\nstderr: %s", r.code, time.Since(start), r.stderr)
	}
	e.ok("policy", "set", "notify.smtp", "smtp://sunset@"+box.addr)
	delivery.smtpTimeout = 5 * time.Second
	e.ok("notify")
	if len(box.to("infra@example.org")) != 1 || len(box.to("ops@example.org")) != 1 {
		t.Fatalf("the kept items were not sent: %d messages", len(box.messages()))
	}
}

func TestNotifyOverImplicitTLSWithThePasswordFromAFile(t *testing.T) {
	t.Setenv(smtpPasswordEnv, "")
	box, hooks := startMailbox(t, implicit), startHooks(t)
	e := newClockEnv(t, notifyStart)
	seedOwners(e, box, hooks)
	pwFile := filepath.Join(t.TempDir(), "smtp-password")
	if err := os.WriteFile(pwFile, []byte(smtpTestPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.ok("policy", "set", "notify.smtp", "smtps://sunset@"+box.addr)
	e.ok("policy", "set", "notify.smtp-password-file", pwFile)
	e.ok("notify")
	if len(box.to("infra@example.org")) != 1 {
		t.Fatalf("nothing reached infra over smtps")
	}
	assertPasswordNowhere(t, e)
}

func TestNotifyWithoutPasswordCannotLogIn(t *testing.T) {
	t.Setenv(smtpPasswordEnv, "")
	box, hooks := startMailbox(t, starttls), startHooks(t)
	e := newClockEnv(t, notifyStart)
	seedOwners(e, box, hooks)
	r := e.run("notify")
	if r.code != 1 || !strings.Contains(r.stderr, "no SMTP password for sunset: set SUNSET_SMTP_PASSWORD or notify.smtp-password-file") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	e.ok("policy", "set", "notify.smtp-password-file", filepath.Join(t.TempDir(), "missing"))
	if r = e.run("notify"); r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Fatalf("unreadable password file: exit %d\n%s", r.code, r.stderr)
	}
}

func TestNotifySMTPPolicyRefusesAPasswordAndPlainTextOffThisHost(t *testing.T) {
	e := newClockEnv(t, notifyStart)
	for _, bad := range []string{"smtp://user:secret@127.0.0.1:587", "smtp://192.0.2.25:25?tls=none", "http://127.0.0.1"} {
		if r := e.run("policy", "set", "notify.smtp", bad); r.code != 2 || strings.Contains(r.stderr, "secret") {
			t.Errorf("policy set notify.smtp %s: exit %d, %s", bad, r.code, r.stderr)
		}
	}
	e.ok("policy", "set", "notify.smtp", "smtp://127.0.0.1:25?tls=none")
}

func TestNotifyWithNoContactAndNoFallbackExitsOne(t *testing.T) {
	e := newClockEnv(t, notifyStart)
	e.ok("asset", "add", "--tag", "nas-03", "--hostname", "nas-03", "--owner", "legacy", "--eol-on", e.day(3))
	r := e.run("notify")
	if r.code != 1 || !strings.Contains(r.stderr, "1 item reached nobody (owner legacy has no contact and notify.fallback is empty)") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
}

// assertPasswordNowhere looks for the SMTP password in everything sunset
// printed and in every byte of its database (history and sent-log
// included).
func assertPasswordNowhere(t *testing.T, e *clockEnv) {
	t.Helper()
	e.run("policy", "show")
	e.run("owner", "list", "--json")
	for _, out := range e.out {
		if strings.Contains(out, smtpTestPassword) {
			t.Fatalf("the password was printed:\n%s", out)
		}
	}
	for _, f := range []string{e.db, e.db + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(smtpTestPassword)) {
			t.Fatalf("the password is stored in %s", f)
		}
	}
}

func TestNotifyToARelayOnThisHostWithoutTLS(t *testing.T) {
	t.Setenv(smtpPasswordEnv, smtpTestPassword)
	box, hooks := startMailbox(t, plain), startHooks(t)
	e := newClockEnv(t, notifyStart)
	seedOwners(e, box, hooks)
	// smtp:// insists on STARTTLS, which this server does not offer.
	r := e.run("notify")
	if r.code != 1 || len(box.messages()) != 0 {
		t.Fatalf("sent without TLS although the URL asks for STARTTLS: exit %d\n%s", r.code, r.stderr)
	}
	e.ok("policy", "set", "notify.smtp", "smtp://sunset@"+box.addr+"?tls=none")
	e.ok("notify")
	if len(box.to("infra@example.org")) != 1 || len(box.to("ops@example.org")) != 1 {
		t.Fatalf("nothing reached the relay: %d messages", len(box.messages()))
	}
}

// notify --json is one document written as every other is, "unreached"
// indented with the rest; a webhook that refuses is named once in the
// line that says so, by its host and hash only; and a webhook stored
// before plain http was refused off this host is not sent to.
func TestNotifyJSONIsIndentedAndAFailedWebhookIsNamedOnce(t *testing.T) {
	delivery.webhookBackoff = 10 * time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusNotFound) }))
	defer srv.Close()
	e := newClockEnv(t, notifyStart)
	e.ok("asset", "add", "--tag", "cam-02", "--hostname", "cam-02", "--owner", "acme", "--warranty-ends", e.day(5))
	e.ok("asset", "add", "--tag", "nas-03", "--hostname", "nas-03", "--owner", "legacy", "--eol-on", e.day(3))
	e.ok("owner", "set", "acme", "--webhook", srv.URL+"/hooks/T0KEN")

	r := e.run("notify", "--dry-run", "--json")
	if r.code != 1 || !strings.Contains(r.stdout, "\n  \"unreached\": {\n    \"items\": 1,\n") {
		t.Errorf("notify --dry-run --json: exit %d\n%s", r.code, r.stdout)
	}
	if doc := jsonDoc(t, r.stdout); len(doc["deliveries"].([]any)) != 1 || doc["dry_run"] != true {
		t.Errorf("notify --dry-run --json: %v", doc)
	}

	r = e.run("notify")
	name := "webhook " + inventory.RedactWebhook(srv.URL+"/hooks/T0KEN")
	var line string
	for _, l := range strings.Split(r.stderr, "\n") {
		if strings.Contains(l, "not sent to") {
			line = l
		}
	}
	if r.code != 1 || strings.Count(line, name) != 1 || !strings.Contains(line, "1 item kept") || strings.Contains(r.stderr, "T0KEN") {
		t.Errorf("a refused webhook: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}
