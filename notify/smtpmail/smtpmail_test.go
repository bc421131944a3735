package smtpmail

import (
	"context"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
)

func TestSendSaysWhatIsMissingBeforeConnecting(t *testing.T) {
	server, err := inventory.ParseSMTPURL("smtp://sunset@127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		s    Sender
		want string
	}{
		{Sender{}, "notify.smtp is not set"},
		{Sender{Server: server}, "notify.from is not set"},
		{Sender{Server: server, From: "sunset@example.org"}, "no SMTP password for sunset"},
	} {
		err := c.s.Send(context.Background(), "ops@example.org", "s", "t", "h")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.s, err, c.want)
		}
	}
}

func TestSMTPURLsReadAsTheyAreWritten(t *testing.T) {
	for in, want := range map[string]inventory.SMTPURL{
		"smtp://sunset@127.0.0.1":      {Host: "127.0.0.1", Port: 587, User: "sunset", TLS: "starttls"},
		"smtps://127.0.0.1":            {Host: "127.0.0.1", Port: 465, TLS: "implicit"},
		"smtp://127.0.0.1?tls=none":    {Host: "127.0.0.1", Port: 25, TLS: "none"},
		"smtp://u@[::1]:2525?tls=none": {Host: "::1", Port: 2525, User: "u", TLS: "none"},
		"smtp://mail.example.org:2587": {Host: "mail.example.org", Port: 2587, TLS: "starttls"},
	} {
		got, err := inventory.ParseSMTPURL(in)
		if err != nil || got != want {
			t.Errorf("%s: %+v %v, want %+v", in, got, err, want)
		}
		if again, _ := inventory.ParseSMTPURL(got.String()); again != got {
			t.Errorf("%s written back as %s reads %+v", in, got, again)
		}
	}
	for _, bad := range []string{"smtp://u:pw@127.0.0.1", "smtp://mail.example.org?tls=none", "smtps://127.0.0.1?tls=none",
		"smtp://127.0.0.1?tls=maybe", "smtp://127.0.0.1:0", "imap://127.0.0.1", "127.0.0.1:25",
		"imap://u:pw@127.0.0.1", "smtp://u:pw@127.0.0.1:99999", "smtp://u:pw@127.0.0.1/%zz"} {
		if _, err := inventory.ParseSMTPURL(bad); err == nil {
			t.Errorf("%s was accepted", bad)
		} else if strings.Contains(err.Error(), "pw") {
			t.Errorf("%s: the error shows the password: %v", bad, err)
		}
	}
}
