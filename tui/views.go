package tui

import (
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/tui/safe"
)

// A large inventory has as many findings and reminders as assets, so
// their views are small: the asset is named by the start of its row's text
// (assetNames), and the text by a pattern of the snapshot's phrases.

// findingView is one finding as the TUI shows it; text fields are safe.
type findingView struct {
	assetID int64 // 0 for an unknown device
	// mappingID is the port mapping an exposed-mapping finding is about.
	mappingID int64
	since     time.Time
	names     assetNames
	address   string
	kind      string
	// summary is the pattern of what the finding says and advises.
	summary  phrase
	severity uint8 // severityRank
}

func (f *findingView) asset() string        { return f.names.ref(f.assetID) }
func (f *findingView) severityName() string { return severityName(f.severity) }

// key is the finding's lifecycle key, which acknowledgements name it by.
func (f *findingView) key() string {
	return lifecycle.FindingKey(lifecycle.FindingKind(f.kind), f.assetID, f.mappingID, f.address)
}

// who names what the finding is about: the asset, else the address.
func (f *findingView) who() string {
	if a := f.asset(); a != "" {
		return a
	}
	return f.address
}

// reminderView is one reminder as the TUI shows it; text fields are safe.
type reminderView struct {
	assetID int64
	names   assetNames
	kind    string
	due     packedDate
	// what is the pattern of what falls due and what to do about it.
	what phrase
}

func (r *reminderView) asset() string { return r.names.ref(r.assetID) }

// unknownView is one device that answered but matches no asset.
type unknownView struct {
	device service.Unknown // to draft the asset it would become
}

func (u *unknownView) obs() *inventory.Observation { return &u.device.Observation }
func (u *unknownView) address() string             { return safe.Text(u.obs().Address) }
func (u *unknownView) mac() string                 { return safe.Text(u.obs().MAC) }
func (u *unknownView) vendor() string              { return safe.Text(u.obs().MACVendor) }
func (u *unknownView) severity() string            { return string(u.device.Finding.Severity) }

func (u *unknownView) hostnames() string {
	names := make([]string, len(u.obs().Hostnames))
	for i, h := range u.obs().Hostnames {
		names[i] = safe.Text(h)
	}
	return strings.Join(names, ", ")
}

func (u *unknownView) ports() string {
	var ports []string
	for _, p := range u.obs().OpenPorts() {
		ports = append(ports, safe.Text(lifecycle.PortLabel(p)))
	}
	return strings.Join(ports, " ")
}

// summary is what the device's finding says and advises.
func (c *common) unknownSummary(u *unknownView) string {
	f := u.device.Finding
	return c.advise(f.Summary, f.Steps)
}

// assetNames is the start of an asset's row text: its tag and hostname,
// made safe, each ended by a 0 byte. It shares the row's memory.
type assetNames string

// namesOf returns the names of row r, or, without a row, those of an
// asset known only by its ref.
func namesOf(r *assetRow, ref string) assetNames {
	if r == nil {
		return assetNames(ref + "\x00\x00")
	}
	s := r.text
	end := strings.IndexByte(s, 0) + 1
	end += strings.IndexByte(s[end:], 0) + 1
	return assetNames(s[:end])
}

func (n assetNames) tag() string {
	tag, _, _ := strings.Cut(string(n), "\x00")
	return tag
}

func (n assetNames) host() string {
	_, rest, _ := strings.Cut(string(n), "\x00")
	host, _, _ := strings.Cut(rest, "\x00")
	return host
}

// ref names the asset as lifecycle does (inventory.Asset.Ref); "" for no
// asset.
func (n assetNames) ref(id int64) string {
	switch {
	case n.tag() != "":
		return n.tag()
	case n.host() != "":
		return n.host()
	case id != 0:
		return "#" + itoa(int(id))
	}
	return ""
}

// packedDate is an inventory.Date in 32 bits: year, month and day.
type packedDate uint32

func packDate(d inventory.Date) packedDate {
	return packedDate(uint32(d.Year)<<9 | uint32(d.Month)<<5 | uint32(d.Day))
}

func (p packedDate) date() inventory.Date {
	return inventory.Date{Year: int(p >> 9), Month: time.Month(p >> 5 & 15), Day: int(p & 31)}
}

// phrase numbers a pattern of a snapshot's phrases.
type phrase uint32

// phrases keeps the texts of many findings or reminders once each: most
// of them differ only in the asset they are about, so each text is kept as
// a pattern in which the asset's tag, hostname and address stand as
// placeholder bytes, shared by every text with the same pattern. The
// texts are safe, so they hold no such byte themselves.
type phrases struct {
	patterns []string
	numbers  map[string]phrase // while the patterns are gathered
}

func newPhrases() phrases { return phrases{numbers: map[string]phrase{}} }

// Placeholders of a pattern, in the order of the names they stand for.
const placeholders = "\x01\x02\x03"

// add keeps text, whose asset has names and address, and returns its
// pattern.
func (p *phrases) add(text string, names assetNames, address string) phrase {
	if strings.ContainsAny(text, placeholders) {
		text = safe.Text(text) // not safe after all: escaped, its bytes stand for no name
	}
	for i, name := range [...]string{names.host(), names.tag(), address} {
		if name != "" {
			text = strings.ReplaceAll(text, name, placeholders[i:i+1])
		}
	}
	n, ok := p.numbers[text]
	if !ok {
		n = phrase(len(p.patterns))
		p.numbers[text] = n
		p.patterns = append(p.patterns, text)
	}
	return n
}

// text returns the text of pattern n for the asset with names and
// address.
func (p *phrases) text(n phrase, names assetNames, address string) string {
	pattern := p.patterns[n]
	if !strings.ContainsAny(pattern, placeholders) {
		return pattern
	}
	values := [...]string{names.host(), names.tag(), address}
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		if k := strings.IndexByte(placeholders, pattern[i]); k >= 0 {
			b.WriteString(values[k])
		} else {
			b.WriteByte(pattern[i])
		}
	}
	return b.String()
}
