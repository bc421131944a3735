package inventory

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// NotifyPolicy says how reminders reach people (sunset notify).
type NotifyPolicy struct {
	// Fallback is an e-mail address or a webhook URL: it gets what no
	// owner's contact covers, high findings, and escalations.
	Fallback string
	// MinSeverity is the least severity of a finding an owner is told
	// of: critical, high, medium or low.
	MinSeverity string
	// SMTP is the mail server's URL (see ParseSMTPURL); empty sends no
	// e-mail.
	SMTP SMTPURL
	// From is the sender's address.
	From string
	// PasswordFile names a file holding the SMTP password (when
	// SUNSET_SMTP_PASSWORD is not set). The password itself is never
	// stored.
	PasswordFile string
	// EscalateAfter: an item still open this long past its due date is
	// sent to the fallback, naming its owner.
	EscalateAfter Duration
}

// notifyPolicyKeys are the policy keys of NotifyPolicy, after the others.
var notifyPolicyKeys = []PolicyKey{
	{"notify.fallback", "", "e-mail address or webhook URL for items no owner's contact covers, high findings and escalations",
		func(p *Policy, v string) error { return parseFallback(&p.Notify.Fallback, v) }},
	{"notify.min-severity", "high", "least severity of a finding an owner is told of (critical, high, medium, low)",
		func(p *Policy, v string) error { return parseMinSeverity(&p.Notify.MinSeverity, v) }},
	{"notify.smtp", "", "mail server: smtp://user@host:587 (STARTTLS), smtps://user@host:465, smtp://127.0.0.1:25?tls=none",
		func(p *Policy, v string) (err error) { p.Notify.SMTP, err = ParseSMTPURL(v); return }},
	{"notify.from", "", "sender address of the e-mails",
		func(p *Policy, v string) error {
			p.Notify.From = strings.TrimSpace(v)
			return ValidateEmail(p.Notify.From)
		}},
	{"notify.smtp-password-file", "", "file holding the SMTP password when SUNSET_SMTP_PASSWORD is not set",
		func(p *Policy, v string) error { p.Notify.PasswordFile = strings.TrimSpace(v); return nil }},
	{"notify.escalate-after", "7d", "an item still open this long past due goes to notify.fallback, naming its owner",
		func(p *Policy, v string) (err error) { p.Notify.EscalateAfter, err = ParseDuration(v); return }},
}

func parseFallback(dst *string, v string) error {
	v = strings.TrimSpace(v)
	if IsWebhook(v) {
		if err := checkWebhook(v, false); err != nil {
			return err
		}
	} else if err := ValidateEmail(v); err != nil {
		return fmt.Errorf("%q is neither an e-mail address nor a webhook URL", RedactContact(v))
	}
	*dst = v
	return nil
}

func parseMinSeverity(dst *string, v string) error {
	v = strings.ToLower(strings.TrimSpace(v))
	switch v {
	case "critical", "high", "medium", "low":
		*dst = v
		return nil
	}
	return fmt.Errorf("%q is not a severity (want critical, high, medium or low)", v)
}

// SMTPURL is where e-mail goes: host, port, the user to log in as, and
// how the connection is protected.
type SMTPURL struct {
	Host string
	Port int
	User string
	// TLS is "starttls" (smtp://, the default), "implicit" (smtps://) or
	// "none" (smtp://...?tls=none, only to a relay on this host).
	TLS string
}

// IsZero reports whether no server is set.
func (u SMTPURL) IsZero() bool { return u.Host == "" }

// String writes the URL back, without any password (there is none).
func (u SMTPURL) String() string {
	if u.IsZero() {
		return ""
	}
	scheme, query := "smtp", ""
	switch u.TLS {
	case "implicit":
		scheme = "smtps"
	case "none":
		query = "?tls=none"
	}
	user := ""
	if u.User != "" {
		user = url.User(u.User).String() + "@"
	}
	return fmt.Sprintf("%s://%s%s%s", scheme, user, net.JoinHostPort(u.Host, fmt.Sprint(u.Port)), query)
}

// ParseSMTPURL reads notify.smtp: "" (no e-mail), smtp://[user@]host[:port]
// (STARTTLS required, port 587 by default), smtps://[user@]host[:port]
// (TLS from the first byte, port 465), or smtp://host[:port]?tls=none
// (no encryption: only to a loopback address, a relay on this host). A
// password in the URL is refused: it comes from SUNSET_SMTP_PASSWORD or
// notify.smtp-password-file, never from the database.
func ParseSMTPURL(s string) (SMTPURL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return SMTPURL{}, nil
	}
	u, err := url.Parse(s)
	if err != nil { // its error may quote a password: say nothing of it
		return SMTPURL{}, fmt.Errorf("not a mail server URL (want smtp://user@host:587 or smtps://user@host:465)")
	}
	if _, has := u.User.Password(); has {
		return SMTPURL{}, fmt.Errorf("the URL must not hold a password: set SUNSET_SMTP_PASSWORD or notify.smtp-password-file")
	}
	if u.Host == "" || u.Opaque != "" {
		return SMTPURL{}, fmt.Errorf("%q is not a mail server URL (want smtp://user@host:587 or smtps://user@host:465)", s)
	}
	out := SMTPURL{Host: u.Hostname()}
	switch u.Scheme {
	case "smtp":
		out.TLS, out.Port = "starttls", 587
	case "smtps":
		out.TLS, out.Port = "implicit", 465
	default:
		return SMTPURL{}, fmt.Errorf("%q: the scheme must be smtp or smtps", s)
	}
	if u.User != nil {
		out.User = u.User.Username()
	}
	if p := u.Port(); p != "" {
		if out.Port, err = portOf(p); err != nil {
			return SMTPURL{}, fmt.Errorf("%q: %v", s, err)
		}
	}
	q := u.Query()
	for k := range q {
		if k != "tls" {
			return SMTPURL{}, fmt.Errorf("%q: unknown parameter %q (only tls=none)", s, k)
		}
	}
	if len(q["tls"]) > 0 {
		if q.Get("tls") != "none" || u.Scheme != "smtp" {
			return SMTPURL{}, fmt.Errorf("%q: tls= may only be none, with smtp://", s)
		}
		if !loopbackHost(out.Host) {
			return SMTPURL{}, fmt.Errorf("%q: plain SMTP (tls=none) only to a relay on this host (127.0.0.1, ::1, localhost)", s)
		}
		out.TLS = "none"
		if u.Port() == "" {
			out.Port = 25
		}
	}
	return out, nil
}

func portOf(s string) (int, error) {
	n, ok := portNumber(s)
	if !ok {
		return 0, fmt.Errorf("%q is not a port (want 1 to 65535)", s)
	}
	return n, nil
}

func loopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// ShownPolicyValue is a policy value as output shows it: a webhook URL in
// notify.fallback by its host and a hash only (RedactContact), since the
// URL may be a secret; every other value as it is.
func ShownPolicyValue(key, value string) string {
	if key == "notify.fallback" {
		return RedactContact(value)
	}
	return value
}
