// Package smtpmail sends an e-mail with a plain-text and an HTML part
// over SMTP (github.com/wneessen/go-mail): STARTTLS required on smtp://,
// TLS from the first byte on smtps://, no encryption only when the URL
// asks for it (tls=none, which inventory allows only to loopback). The
// password is given by the caller, used to log in, and never written
// anywhere.
package smtpmail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"

	"github.com/sunset-tui/sunset/inventory"
)

// DefaultTimeout bounds connecting and each exchange with the server.
const DefaultTimeout = 30 * time.Second

// Sender sends mail through one server.
type Sender struct {
	Server inventory.SMTPURL
	// From is the sender's address.
	From string
	// Password logs in as Server.User; unused when User is empty.
	Password string
	// Timeout bounds the connection and each command; 0 is
	// DefaultTimeout.
	Timeout time.Duration
	// TLS, when set, verifies the server (tests give their own CA); nil
	// verifies against the system's roots, for Server.Host.
	TLS *tls.Config
}

// Check says what is missing before anything is sent.
func (s *Sender) Check() error {
	switch {
	case s.Server.IsZero():
		return errors.New("notify.smtp is not set: set it with `sunset policy set notify.smtp smtp://USER@HOST:587`")
	case s.From == "":
		return errors.New("notify.from is not set: set it with `sunset policy set notify.from ADDRESS`")
	case s.Server.User != "" && s.Password == "":
		return fmt.Errorf("no SMTP password for %s: set SUNSET_SMTP_PASSWORD or notify.smtp-password-file", s.Server.User)
	}
	return nil
}

// Send delivers one message to one address.
func (s *Sender) Send(ctx context.Context, to, subject, text, html string) error {
	if err := s.Check(); err != nil {
		return err
	}
	m := mail.NewMsg()
	if err := m.From(s.From); err != nil {
		return fmt.Errorf("notify.from: %w", err)
	}
	if err := m.To(to); err != nil {
		return fmt.Errorf("recipient %s: %w", to, err)
	}
	m.Subject(strings.Join(strings.Fields(subject), " ")) // one line, whatever a name held
	m.SetDate()
	m.SetMessageID()
	m.SetGenHeader(mail.Header("Auto-Submitted"), "auto-generated")
	m.SetBodyString(mail.TypeTextPlain, text)
	m.AddAlternativeString(mail.TypeTextHTML, html)

	c, err := mail.NewClient(s.Server.Host, s.options()...)
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		return fmt.Errorf("%s: %w", s.Server, err)
	}
	return nil
}

func (s *Sender) options() []mail.Option {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	tc := &tls.Config{ServerName: s.Server.Host, MinVersion: tls.VersionTLS12}
	if s.TLS != nil {
		tc = s.TLS.Clone()
		if tc.ServerName == "" {
			tc.ServerName = s.Server.Host
		}
	}
	opts := []mail.Option{mail.WithPort(s.Server.Port), mail.WithTimeout(timeout), mail.WithTLSConfig(tc)}
	switch s.Server.TLS {
	case "implicit":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if s.Server.User != "" {
		auth := mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover) // the best the server offers; over TLS only, PLAIN and LOGIN
		if s.Server.TLS == "none" {
			// A relay on this host (inventory allows tls=none only to
			// loopback): the password never leaves the machine.
			auth = mail.WithOpportunisticSMTPAuth(mail.SMTPAuthSCRAMSHA256, mail.SMTPAuthCramMD5,
				mail.SMTPAuthPlainNoEnc, mail.SMTPAuthLoginNoEnc)
		}
		opts = append(opts, auth, mail.WithUsername(s.Server.User), mail.WithPassword(s.Password))
	}
	return opts
}
