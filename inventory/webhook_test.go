package inventory

import (
	"strings"
	"testing"
)

// A webhook is https, or plain http to this host only; errors never quote
// the URL, and a stored plain-http fallback is still read.
func TestWebhooksAreHTTPSOrLoopbackAndNeverQuoted(t *testing.T) {
	for hook, ok := range map[string]bool{
		"https://hooks.example.org/T0KEN":   true,
		"HTTPS://hooks.example.org/T0KEN":   true,
		"http://127.0.0.1:8080/T0KEN":       true,
		"http://[::1]:8080/T0KEN":           true,
		"http://localhost/T0KEN":            true,
		"http://hooks.example.org/T0KEN":    false,
		"http://192.0.2.7/T0KEN":            false,
		"https://user:pw@example.org/T0KEN": false,
		"ftp://example.org/T0KEN":           false,
	} {
		err := ValidateWebhook(hook)
		if (err == nil) != ok {
			t.Errorf("ValidateWebhook(%q) = %v, want ok %v", hook, err, ok)
		}
		if err != nil && strings.Contains(err.Error(), "T0KEN") {
			t.Errorf("ValidateWebhook(%q) quotes the URL: %v", hook, err)
		}
	}
	if err := ValidatePolicyValue("notify.fallback", "http://hooks.example.org/T0KEN"); err == nil {
		t.Error("notify.fallback took a plain http webhook off this host")
	}
	if _, err := ParsePolicy(map[string]string{"notify.fallback": "http://hooks.example.org/T0KEN"}); err != nil {
		t.Errorf("a stored plain http fallback stops the policy being read: %v", err)
	}
	if got := ShownPolicyValue("notify.fallback", "https://hooks.example.org/T0KEN"); strings.Contains(got, "T0KEN") ||
		!strings.HasPrefix(got, "https://hooks.example.org/… #") {
		t.Errorf("notify.fallback shown as %q", got)
	}
	if got := RedactContact("ops@example.org"); got != "ops@example.org" {
		t.Errorf("an e-mail address shown as %q", got)
	}
}
