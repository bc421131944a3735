package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/tui/safe"
)

// query is a parsed filter. Plain words match anywhere in a row, and #12
// also matches the asset with id 12 (as the list shows one without a
// tag); field terms narrow further:
//
//	stage:retired  kind:camera  owner:infra  tag:A-01  host:db  ip:192.0.2.
//	seen:>30d (not seen for 30 days, or never)  seen:<7d  seen:never
//	check:answered|dark|unknown|none (what the latest check saw)
//	findings:yes|no|low|medium|high|critical (at least that severity)
//
// A leading '-' negates a word or term. A word with a colon whose prefix
// is hex digits (a MAC, an IPv6 address) is a plain word; one whose prefix
// is another word of letters is a problem that names the keys there are.
type query struct {
	terms []term
	// problem describes the first term that could not be read; that term
	// is ignored and the rest still filter.
	problem string
}

type term struct {
	field string // "" for a plain word
	value string // lower case
	neg   bool
	// for seen: op is '<' or '>' and dur the span; never is seen:never.
	op    byte
	dur   time.Duration
	never bool
	// for findings: minimum severity rank (1..4), or 0 with wantNone.
	rank     uint8
	wantNone bool
	check    checkState
	// for a plain word, set by prepare: which stages, and which sets of
	// shared search values (commonValues), hold it.
	inStage  []bool
	inCommon []bool
	// id is the asset a plain word #12 names, as the list shows an asset
	// without a tag and `sunset asset show` takes it; 0 for none.
	id int64
}

var filterFields = []string{"stage", "kind", "owner", "tag", "host", "ip", "seen", "check", "findings"}

// filterWord is one word typed in a filter box: a plain word, or a field
// and the value it must have; neg when it starts with '-'.
type filterWord struct {
	field, value string
	neg          bool
}

// splitFilter reads the words of a filter in lower case. A word with a
// colon is a field term when what comes before the colon is a word of
// letters that no hex digits spell (MACs and IPv6 addresses stay plain
// words); a field not in fields is a problem, which names the fields
// there are. A field with no value yet is still being typed and left out.
func splitFilter(s string, fields []string) (words []filterWord, problem string) {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		fw := filterWord{}
		if strings.HasPrefix(w, "-") && len(w) > 1 {
			fw.neg = true
			w = w[1:]
		}
		field, value, ok := strings.Cut(w, ":")
		if !ok || !looksLikeField(field) {
			fw.value = w
			words = append(words, fw)
			continue
		}
		if !slices.Contains(fields, field) {
			if problem == "" {
				problem = fmt.Sprintf("%q is no filter key; the keys are %s", safeWord(field+":"), strings.Join(fields, ": ")+":")
			}
			continue
		}
		if value == "" {
			continue // still being typed
		}
		fw.field, fw.value = field, value
		words = append(words, fw)
	}
	return words, problem
}

// looksLikeField reports whether the start of a word before its colon is
// meant as a field name: letters, not all of them hex digits.
func looksLikeField(s string) bool {
	if s == "" {
		return false
	}
	hexOnly := true
	for _, c := range s {
		if c < 'a' || c > 'z' {
			return false
		}
		if c > 'f' {
			hexOnly = false
		}
	}
	return !hexOnly
}

func safeWord(s string) string { return safe.Text(s) }

// parseQuery reads what was typed in the filter box.
func parseQuery(s string) query {
	var q query
	words, problem := splitFilter(s, filterFields)
	q.problem = problem
	for _, w := range words {
		t := term{field: w.field, value: w.value, neg: w.neg}
		if t.field == "" {
			t.id, _ = inventory.IDRef(t.value)
			q.terms = append(q.terms, t)
			continue
		}
		if err := t.prepare(); err != nil {
			if q.problem == "" {
				q.problem = errText(err)
			}
			continue
		}
		q.terms = append(q.terms, t)
	}
	return q
}

func (t *term) prepare() error {
	switch t.field {
	case "seen":
		if t.value == "never" {
			t.never = true
			return nil
		}
		if len(t.value) < 2 || (t.value[0] != '<' && t.value[0] != '>') {
			return fmt.Errorf("seen: want >30d, <7d or never, not %q", t.value)
		}
		d, err := inventory.ParseDuration(t.value[1:])
		if err != nil {
			return fmt.Errorf("seen: %v", err)
		}
		t.op, t.dur = t.value[0], d.Std()
	case "check":
		switch {
		case strings.HasPrefix("answered", t.value):
			t.check = checkAnswered
		case strings.HasPrefix("dark", t.value):
			t.check = checkDark
		case strings.HasPrefix("unknown", t.value):
			t.check = checkUnknown
		case strings.HasPrefix("none", t.value):
			t.check = checkNone
		default:
			return fmt.Errorf("check: want answered, dark, unknown or none, not %q", t.value)
		}
	case "findings":
		switch t.value {
		case "yes", "any":
			t.rank = 1
		case "no", "none":
			t.wantNone = true
		default:
			r := severityRank(t.value)
			if r == 0 {
				return fmt.Errorf("findings: want yes, no or a severity, not %q", t.value)
			}
			t.rank = r
		}
	case "stage":
		for _, st := range inventory.Stages {
			if strings.HasPrefix(string(st), t.value) {
				return nil
			}
		}
		return fmt.Errorf("stage: %q is no stage", t.value)
	case "kind":
		if t.value == "ap" {
			t.value = string(inventory.KindAccessPoint)
		}
	}
	return nil
}

// prepare readies the query for rows whose shared search values are
// common (commonValues.sets).
func (q *query) prepare(common []string) {
	for i := range q.terms {
		t := &q.terms[i]
		if t.field != "" {
			continue
		}
		// A row whose stage the store cannot hold has the last entry.
		t.inStage = make([]bool, len(inventory.Stages)+1)
		for k, st := range inventory.Stages {
			t.inStage[k] = strings.Contains(string(st), t.value)
		}
		t.inCommon = slices.Grow(t.inCommon[:0], len(common))[:len(common)]
		for k, set := range common {
			t.inCommon[k] = strings.Contains(set, t.value)
		}
	}
}

// matches reports whether row r passes every term; now is unix seconds.
// The query must be prepared for the rows.
func (q *query) matches(r *assetRow, now int64) bool {
	for i := range q.terms {
		if q.terms[i].matches(r, now) == q.terms[i].neg {
			return false
		}
	}
	return true
}

func (t *term) matches(r *assetRow, now int64) bool {
	switch t.field {
	case "":
		return t.inStage[r.stage] || t.inCommon[r.common] || indexFold(r.text, t.value) >= 0 || r.id == t.id
	case "stage":
		return strings.HasPrefix(string(r.stageName()), t.value)
	case "kind":
		return strings.HasPrefix(string(r.kind()), t.value)
	case "owner":
		return containsFold(r.owner(), t.value)
	case "tag":
		return containsFold(r.tag(), t.value)
	case "host":
		return containsFold(r.host(), t.value)
	case "ip":
		return strings.Contains(r.ip(), t.value)
	case "seen":
		if t.never {
			return r.lastSeen == 0
		}
		secs, seen := int64(t.dur/time.Second), int64(r.lastSeen)
		if t.op == '>' {
			return r.lastSeen == 0 || now-seen > secs
		}
		return r.lastSeen != 0 && now-seen < secs
	case "check":
		return r.lastCheck == t.check
	case "findings":
		if t.wantNone {
			return r.findings == 0
		}
		return r.worst >= t.rank
	}
	return false
}

// indexFold returns where the lower-case needle first occurs in s,
// ignoring ASCII case in s, or -1. It skips to each place s holds the
// needle's first byte in either case, as strings.Index skips to the first
// byte, since the filter looks through every row at each keystroke.
func indexFold(s, needle string) int {
	n := len(needle)
	if n == 0 {
		return 0
	}
	first, upper := needle[0], needle[0]
	if 'a' <= first && first <= 'z' {
		upper = first - ('a' - 'A')
	}
	upperLeft := upper != first
	for i := 0; i+n <= len(s); i++ {
		starts := s[i : len(s)-n+1]
		j := strings.IndexByte(starts, first)
		if upperLeft {
			k := strings.IndexByte(starts, upper)
			upperLeft = k >= 0
			if upperLeft && (j < 0 || k < j) {
				j = k
			}
		}
		if j < 0 {
			return -1
		}
		i += j
		if hasPrefixFold(s[i+1:], needle[1:]) {
			return i
		}
	}
	return -1
}

// hasPrefixFold reports whether s starts with the lower-case prefix,
// ignoring ASCII case in s.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// containsFold reports whether s contains the lower-case needle, ignoring
// ASCII case in s without allocating.
func containsFold(s, needle string) bool { return indexFold(s, needle) >= 0 }

// severities in rank order, lowest first; rank 0 means none.
var severities = []string{"low", "medium", "high", "critical"}

// severityName is the severity of rank r; "" for none.
func severityName(r uint8) string {
	if r == 0 || int(r) > len(severities) {
		return ""
	}
	return severities[r-1]
}

func severityRank(s string) uint8 {
	for i, v := range severities {
		if v == s {
			return uint8(i + 1)
		}
	}
	return 0
}
