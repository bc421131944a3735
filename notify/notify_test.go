package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

func TestReminderStepIsTheNearestStepReached(t *testing.T) {
	before := []inventory.Duration{90 * inventory.Day, 30 * inventory.Day, 7 * inventory.Day}
	for _, c := range []struct {
		days int
		step string
		ok   bool
	}{
		{120, "", false}, {91, "", false}, {90, "90d", true}, {31, "90d", true}, {30, "30d", true},
		{8, "30d", true}, {7, "7d", true}, {1, "7d", true}, {0, StepDay, true}, {-1, StepOverdue, true}, {-400, StepOverdue, true},
	} {
		step, ok := ReminderStep(c.days, before)
		if step != c.step || ok != c.ok {
			t.Errorf("%d days left: %q %v, want %q %v", c.days, step, ok, c.step, c.ok)
		}
	}
}

func TestEscalatesOnlyPastEscalateAfter(t *testing.T) {
	if Escalates(6, 7*inventory.Day) || !Escalates(7, 7*inventory.Day) {
		t.Error("escalation does not start at notify.escalate-after past due")
	}
}

func digestFor(url string) Digest {
	items := []Item{
		{Key: "warranty asset 2 2030-01-15", Subject: "warranty", Step: "7d", Owner: "acme", AssetID: 2, Asset: "cam-02",
			Due: inventory.Date{}, DaysLeft: 5, What: "the warranty of cam-02 ends", ToDo: "renew it"},
		{Key: "finding zombie asset 3", Subject: "finding zombie", Step: StepFinding, Owner: "acme", AssetID: 3, Asset: "<b>nas</b>",
			Severity: "critical", What: "nas answered", ToDo: "power it down"},
	}
	return NewDigest(Contact(url), time.Date(2030, 1, 10, 9, 0, 0, 0, time.UTC), items)
}

func TestWebhookPayloadsFollowTheURL(t *testing.T) {
	var doc Document
	body, err := digestFor("https://hooks.example.org/sunset").Payload()
	if err != nil || json.Unmarshal(body, &doc) != nil {
		t.Fatalf("%v %s", err, body)
	}
	if doc.Schema != 1 || doc.Owner == nil || *doc.Owner != "acme" || len(doc.Items) != 2 || doc.Items[0].Step != StepFinding {
		t.Fatalf("generic document %s", body)
	}
	var slack map[string]any
	body, _ = digestFor("https://hooks.slack.com/services/T000/B000/XXXX").Payload()
	if json.Unmarshal(body, &slack) != nil || !strings.Contains(slack["text"].(string), "*CRITICAL*") {
		t.Fatalf("slack payload %s", body)
	}
	var teams struct {
		Type        string `json:"type"`
		Attachments []struct {
			ContentType string `json:"contentType"`
		} `json:"attachments"`
	}
	body, _ = digestFor("https://example.webhook.office.com/webhookb2/x").Payload()
	if json.Unmarshal(body, &teams) != nil || teams.Type != "message" || teams.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" {
		t.Fatalf("teams payload %s", body)
	}
}

func TestDigestHTMLEscapesWhatDevicesSay(t *testing.T) {
	html := digestFor("ops@example.org").HTML()
	if strings.Contains(html, "<b>nas</b>") || !strings.Contains(html, "&lt;b&gt;nas&lt;/b&gt;") {
		t.Fatalf("HTML does not escape:\n%s", html)
	}
}

func TestWebhookRecipientNameHidesTheURL(t *testing.T) {
	r := Contact("https://hooks.slack.com/services/T000/B000/SECRET")
	if n := r.Name(); strings.Contains(n, "SECRET") || !strings.HasPrefix(n, "webhook https://hooks.slack.com/") {
		t.Fatalf("name %q", n)
	}
	if Contact("ops@example.org").Name() != "ops@example.org" {
		t.Fatal("an e-mail recipient is named by its address")
	}
}

func TestQueueGivesEachRecipientItsItems(t *testing.T) {
	q, err := NewQueue()
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	a, b := Contact("a@example.org"), Contact("b@example.org")
	for i := range 1000 {
		to := a
		if i%3 == 0 {
			to = b
		}
		if err := q.Add(to, Item{Key: strings.Repeat("k", i%7), DaysLeft: i}); err != nil {
			t.Fatal(err)
		}
	}
	seen := 0
	got, more, err := q.Collect(b, 100, func(Item) { seen++ })
	if err != nil || len(got) != 100 || more != 234 || seen != 334 || got[1].DaysLeft != 3 || q.Len() != 1000 || len(q.Recipients()) != 2 {
		t.Fatalf("%v %d %d %d", err, len(got), more, seen)
	}
}

func TestQueueKeepsEveryFieldOfAnItem(t *testing.T) {
	q, err := NewQueue()
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	it := Item{Key: "k", Subject: "finding zombie", Step: StepFinding, Owner: "infra", AssetID: 12, Asset: "web-01", Address: "127.0.0.9",
		Due: inventory.Date{Year: 2030, Month: 1, Day: 30}, DaysLeft: -3, Severity: "high", What: "wörds — ✓", ToDo: "do it",
		Since: time.Date(2030, 1, 2, 3, 4, 5, 6, time.UTC)}
	to := Contact("a@example.org")
	if err := q.Add(to, it); err != nil {
		t.Fatal(err)
	}
	got, _, err := q.Collect(to, 10, nil)
	if err != nil || len(got) != 1 || got[0] != it {
		t.Fatalf("%+v %v", got, err)
	}
}

func TestADigestListsMaxItemsMostUrgentFirstAndCountsTheRest(t *testing.T) {
	var items []Item
	for i := range MaxItems + 20 {
		items = append(items, Item{Key: fmt.Sprint(i), Step: "30d", DaysLeft: 20, Asset: fmt.Sprintf("a-%04d", i)})
	}
	items = append(items, Item{Key: "late", Step: StepOverdue, DaysLeft: -3, Asset: "zz-late"})
	d := NewDigest(Contact("ops@example.org"), time.Now(), items)
	if len(d.Items) != MaxItems || d.More != 21 || d.Items[0].Key != "late" {
		t.Fatalf("%d listed, %d more, first %q", len(d.Items), d.More, d.Items[0].Key)
	}
	for _, out := range []string{d.Text(), d.HTML(), d.Subject()} {
		if !strings.Contains(out, "21 more") {
			t.Errorf("does not say how many more:\n%.300s", out)
		}
	}
	var doc Document
	body, _ := d.Payload()
	if json.Unmarshal(body, &doc) != nil || doc.More != 21 || len(doc.Items) != MaxItems {
		t.Fatalf("webhook document: more %d, %d items", doc.More, len(doc.Items))
	}
}

// A webhook stored before plain http was refused off this host is not
// sent to: the digest would cross the network in the clear.
func TestCourierRefusesPlainHTTPWebhooksOffThisHost(t *testing.T) {
	var c Courier
	d := Digest{To: Contact("http://192.0.2.1/hooks/T0KEN"), At: time.Date(2030, 1, 10, 9, 0, 0, 0, time.UTC)}
	err := c.Deliver(context.Background(), d)
	if err == nil || !strings.Contains(err.Error(), "https") || strings.Contains(err.Error(), "T0KEN") {
		t.Fatalf("Deliver to a plain http webhook: %v", err)
	}
	if name := d.To.Name(); strings.Contains(name, "T0KEN") || !strings.HasPrefix(name, "webhook http://192.0.2.1/… #") {
		t.Errorf("the webhook is named %q", name)
	}
}
