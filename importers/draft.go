package importers

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// draft is one row read into an asset: the fields it gives, its status
// before and after the stage vocabulary, the columns it keeps apart from
// the fields, and what went wrong.
type draft struct {
	file   string
	input  int // the file's position among the import's inputs
	line   int
	format Format
	a      inventory.Asset
	set    fieldSet

	stageRaw   string
	stageValue inventory.Stage
	hasStage   bool
	substatus  string
	// class is the row's class, when the file has a class column; skip
	// says that the import leaves rows of that class out.
	class string
	skip  bool
	// seen says that the row gives when its tool last saw the device
	// (a.LastSeen).
	seen bool
	// hostFromName says that a.Hostname is a tool's name for the device
	// that reads as a DNS name (setDeviceName): a name all the same,
	// which matches an asset's name as well as its hostname.
	hostFromName bool

	// extras are the row's columns that fill no field, kept as the
	// asset's imported columns.
	extras   []inventory.ImportedColumn
	warnings []string
	problems []string
	// unknownStatus is set when the row is rejected only for want of a
	// stage for its status.
	unknownStatus bool
}

func (d *draft) failed() bool { return len(d.problems) > 0 }

func (d *draft) problem(format string, args ...any) {
	d.problems = append(d.problems, fmt.Sprintf(format, args...))
}

func (d *draft) reason() string { return strings.Join(d.problems, "; ") }

// fieldSet has one bit per entry of inventory.Fields.
type fieldSet uint64

// fieldIndex finds a field's position in inventory.Fields by name.
var fieldIndex = func() map[string]int {
	if len(inventory.Fields) > 64 {
		panic("importers: fieldSet holds at most 64 fields")
	}
	m := map[string]int{}
	for i, f := range inventory.Fields {
		m[f.Name] = i
	}
	return m
}()

func (s *fieldSet) add(i int)     { *s |= 1 << i }
func (s fieldSet) has(i int) bool { return s&(1<<i) != 0 }

var (
	notesField    = fieldIndex["notes"]
	stageField    = fieldIndex["stage"]
	hostnameField = fieldIndex["hostname"]
	nameField     = fieldIndex["name"]
	kindField     = fieldIndex["kind"]
	dnsField      = fieldIndex["dns"]
)

// unreadableRow is the draft of a row whose cells could not be read: it
// says what is wrong, and where when that is below the row's first line
// (a quoted field may run over several lines).
func (p *filePlan) unreadableRow(d *draft, err error, line int) {
	*d = draft{file: p.t.name, input: p.file, line: line, format: p.lay.format}
	var fe *FileError
	switch {
	case !errors.As(err, &fe):
		d.problem("%v", err)
	case fe.Line != line:
		d.problem("line %d: %s", fe.Line, fe.Msg)
	default:
		d.problem("%s", fe.Msg)
	}
}

// readRow turns one row's cells into a draft, in d, a draft of the batch
// that is overwritten for each row: nothing may keep d, but the slices it
// ends with are new for each row and may be kept. A row of a class the
// import leaves out is read no further than its class.
func (p *filePlan) readRow(d *draft, cells []string, line int, s *settings) {
	*d = draft{file: p.t.name, input: p.file, line: line, format: p.lay.format}
	if len(cells) != len(p.t.header) {
		d.problem("has %d fields but the header has %d (a missing or extra delimiter?)", len(cells), len(p.t.header))
		return
	}
	if p.unescape {
		for i, c := range cells {
			cells[i] = unguardCell(c)
		}
	}
	// A sunset export writes empty fields as empty cells, so any other
	// cell, even blank, is a value; elsewhere a blank cell is no value.
	blank := isBlank
	if p.unescape {
		blank = func(v string) bool { return v == "" }
	}
	if p.skipsClass(d, cells, blank) {
		return
	}
	bareNotes := ""
	for ti := range p.targets {
		spec := &p.targets[ti]
		if spec.kind == kAddress {
			var vals []string
			for _, ci := range spec.cols {
				if v := cells[ci]; !blank(v) {
					vals = append(vals, v)
				}
			}
			if len(vals) > 0 {
				d.setAddresses(spec, vals, columnLabel(p.columns[spec.cols[0]]),
					addressRules{keepShared: p.unescape, lenient: p.lay.lenient})
			}
			continue
		}
		first := -1
		for _, ci := range spec.cols {
			v := cells[ci]
			if blank(v) {
				continue
			}
			if first < 0 {
				first = ci
			} else if v != cells[first] {
				d.extra(p.columns[ci], v)
				p.kept[ci]++
			}
		}
		if first < 0 {
			continue
		}
		if spec.kind == kNotes {
			bareNotes = cells[first]
			p.filled[first]++
			continue
		}
		extras, problems := len(d.extras), len(d.problems)
		d.setField(p, spec, p.columns[first], cells[first])
		switch {
		case len(d.extras) > extras:
			p.kept[first]++
		case len(d.problems) == problems:
			p.filled[first]++
		}
	}
	for _, ci := range p.keptCols {
		if v := cells[ci]; !blank(v) {
			d.extra(p.columns[ci], v)
		}
	}
	if bareNotes != "" {
		d.a.Notes = bareNotes
		d.set.add(notesField)
	}
	if p.lay.format != FormatCSV {
		d.a.Source = string(p.lay.format)
	}
	if d.stageRaw != "" {
		d.stageValue, d.hasStage = p.stageOf(d.stageRaw, s)
	}
	if p.lay.adjust != nil {
		p.lay.adjust(d)
	}
	switch {
	case d.hasStage:
		d.a.Stage = d.stageValue
		d.set.add(stageField)
	case d.stageRaw != "":
		d.unknownStatus = len(d.problems) == 0
		d.problem("status %q means no sunset stage yet; say which with --stage-map %s", d.stageRaw, shellQuote(d.stageRaw+"=STAGE"))
	}
}

// skipsClass reads the row's class, when the file has a class column,
// and reports whether the import leaves rows of that class out.
func (p *filePlan) skipsClass(d *draft, cells []string, blank func(string) bool) bool {
	for _, ci := range p.classCols {
		if v := cells[ci]; !blank(v) {
			d.class = strings.TrimSpace(v)
			d.skip = !p.s.classes.keeps(d.class)
			return d.skip
		}
	}
	return false
}

func isBlank(v string) bool { return strings.TrimSpace(v) == "" }

// extra keeps a value that fills no field as the asset's imported column.
func (d *draft) extra(c column, v string) {
	d.extras = append(d.extras, inventory.ImportedColumn{Column: columnLabel(c), Value: strings.TrimSpace(v), Source: string(d.format)})
}

func columnLabel(c column) string {
	if c.label != "" {
		return c.label
	}
	if c.header == "" {
		return fmt.Sprintf("column %d", c.index+1)
	}
	return c.header
}

func (d *draft) setField(p *filePlan, spec *targetSpec, c column, v string) {
	fail := func(err error) { d.problem("column %q: %v", columnLabel(c), err) }
	switch spec.kind {
	case kTag:
		d.a.Tag = strings.TrimSpace(v)
	case kHostname:
		v = strings.TrimSpace(v)
		// A "Computer Name" of "*ANNIE-IBM" is a name, not a hostname;
		// sunset's own export says which is which.
		if !p.unescape && !isDNSName(v) {
			if !p.lay.lenient {
				d.warnings = append(d.warnings, fmt.Sprintf("column %q: %q is no DNS name: kept as the asset's name", columnLabel(c), v))
			}
			d.setName(c, v)
			return
		}
		d.a.Hostname = strings.TrimSuffix(v, ".")
	case kName:
		d.setName(c, v)
		return
	case kDeviceName:
		d.setDeviceName(c, v)
		return
	case kKind:
		k, ok := p.kindOf(v)
		if !ok {
			if p.lay.lenient {
				d.extra(c, v)
				return
			}
			fail(fmt.Errorf("%q is not a kind (want one of %s)", v, kindList()))
			return
		}
		d.a.Kind = k
	case kClass:
		// The class decides the kind when no column names one.
		if k, ok := p.kindOf(classWords(v)); ok && !d.set.has(kindField) {
			d.a.Kind = k
			d.set.add(kindField)
			return
		}
		d.extra(c, v)
		return
	case kStage:
		d.stageRaw = strings.TrimSpace(v)
		return
	case kSubstatus:
		d.substatus = v
		return
	case kExternalID:
		d.a.ExternalID = strings.TrimSpace(v)
		return
	case kSource:
		d.a.Source = strings.TrimSpace(v)
		return
	case kNames:
		d.setNames(c, v)
		return
	case kLastSeen:
		t, err := parseSeen(v, p.s.now())
		if err != nil {
			fail(err)
			return
		}
		d.a.LastSeen, d.seen = t, true
		return
	case kDate:
		date, err := parseDate(v, spec.order)
		var ambiguous ambiguousDate
		switch {
		case err != nil && p.lay.lenient && !errors.As(err, &ambiguous):
			d.keepUnreadable(c, v, err)
			return
		case err != nil:
			fail(err)
			return
		}
		switch spec.name {
		case "deployed-on":
			d.a.DeployedOn = date
		case "warranty-ends":
			d.a.WarrantyEnds = date
		case "eol-on":
			d.a.EOLOn = date
		case "last-managed-on":
			d.a.LastManagedOn = date
		}
	default: // text and yes/no fields
		if err := inventory.Fields[spec.field].Set(&d.a, v); err != nil {
			fail(err)
			return
		}
	}
	d.set.add(spec.field)
}

// keepUnreadable keeps a value sunset cannot read as an imported column,
// with a warning, where an export's fields hold what people typed
// ("unknown" for a date).
func (d *draft) keepUnreadable(c column, v string, err error) {
	d.extra(c, v)
	d.warnings = append(d.warnings, fmt.Sprintf("column %q: %v; kept as an imported column", columnLabel(c), err))
}

// setName makes v the asset's name, or an imported column when the row
// has a name already. A placeholder ("Unnamed device") names nothing.
func (d *draft) setName(c column, v string) {
	v = cleanName(v)
	switch {
	case v == "" || placeholderName(v):
	case d.a.Name == "":
		d.a.Name = v
		d.set.add(nameField)
	case !strings.EqualFold(d.a.Name, v):
		d.extra(c, v)
	}
}

// setDeviceName reads a tool's name for the device: the hostname when it
// reads as a DNS name and the row has none, else the name.
func (d *draft) setDeviceName(c column, v string) {
	v = cleanName(v)
	switch {
	case v == "" || placeholderName(v):
	case d.a.Hostname == "" && isDNSName(v):
		d.a.Hostname = strings.TrimSuffix(v, ".")
		d.set.add(hostnameField)
		d.hostFromName = true
	case strings.EqualFold(d.a.Hostname, strings.TrimSuffix(v, ".")):
	default:
		d.setName(c, v)
	}
}

// cleanName is a name on one line, each run of spaces, tabs or line breaks
// one space.
func cleanName(v string) string { return strings.Join(strings.Fields(v), " ") }

// placeholderNames stand where a tool has no name for a device, as
// normWords gives them.
var placeholderNames = map[string]bool{
	"unnamed device": true, "unnamed": true, "no name": true, "n a": true, "na": true, "none": true, "null": true,
	"nil": true, "unknown": true, "undefined": true, "sans nom": true, "ohne namen": true, "sin nombre": true,
}

func placeholderName(v string) bool { return placeholderNames[normWords(v)] }

// isDNSName: v reads as a host's DNS name: dot-separated labels of ASCII
// letters, digits, hyphens and underscores (which Windows and many DHCP
// servers allow), none longer than 63 bytes nor starting or ending with
// a hyphen, 253 bytes in all, at least one letter; a final dot allowed.
func isDNSName(v string) bool {
	v = strings.TrimSuffix(v, ".")
	if v == "" || len(v) > 253 {
		return false
	}
	letter := false
	for _, label := range strings.Split(v, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			switch c := label[i]; {
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
				letter = true
			case c >= '0' && c <= '9' || c == '-' || c == '_':
			default:
				return false
			}
		}
	}
	return letter
}

// addressRules say how setAddresses reads a column of addresses.
type addressRules struct {
	// keepShared keeps the addresses that name no one device
	// (namesNoDevice): sunset's own export holds what the inventory holds.
	keepShared bool
	// lenient keeps a value that is no address as an imported column,
	// with a warning, instead of rejecting the row: a CMDB lists whatever
	// its agent found (a Teredo adapter's eight-byte "MAC").
	lenient bool
}

// setAddresses reads IPs, MACs or DNS names from one or more cells. An IP
// written with a prefix length (192.0.2.7/24, as NetBox writes them) is
// the address alone. Repeats are dropped; the first IP is the primary one.
// A row's one IP address is its address, whatever it is, as `asset add`
// takes it (a lab's 127.0.0.40); among several, as an inventory agent
// lists a computer's adapters, those that name no one device
// (namesNoDevice: loopback, link-local, multicast), and MACs that many
// devices share (VPN and virtual-router adapters, multicast) even alone,
// are kept as an imported column instead, with a warning naming the
// column.
func (d *draft) setAddresses(spec *targetSpec, cells []string, header string, rules addressRules) {
	kind := inventory.AddressKind(spec.name)
	start := len(d.a.Addresses)
	var shared, why, unreadable []string
	defer func() {
		if len(shared) > 0 {
			column := header + " (shared or local)"
			d.keepAside(column, shared)
			d.warnings = append(d.warnings, fmt.Sprintf("column %q: %s %s among the row's %s addresses, naming no one device (%s): "+
				"kept as the imported column %q, not as addresses", header, strings.Join(shared, ", "), isAre(len(shared)),
				kind, strings.Join(why, ", "), column))
		}
		d.keepAside(header+" (unreadable)", unreadable)
	}()
	for _, cell := range cells {
		cell = multiValueSeparators.Replace(cell)
		for _, v := range inventory.SplitList(cell) {
			if kind == inventory.AddrIP {
				if i := strings.IndexByte(v, '/'); i > 0 {
					v = v[:i]
				}
			}
			ad := inventory.Address{Kind: kind, Value: v}
			if err := ad.Normalize(); err != nil {
				msg := err.Error()
				var ie *inventory.Error
				if errors.As(err, &ie) {
					msg = ie.Msg
				}
				if rules.lenient {
					unreadable = append(unreadable, v)
					d.warnings = append(d.warnings, fmt.Sprintf("column %q: %s; kept as an imported column", header, msg))
					continue
				}
				d.problem("column %q: %s", header, msg)
				return
			}
			dup := false
			for _, have := range d.a.Addresses[start:] {
				dup = dup || have.Value == ad.Value
			}
			if !dup {
				d.a.Addresses = append(d.a.Addresses, ad)
			}
		}
	}
	// One IP address is the device's own, whatever it is (a lab's
	// loopback address); a MAC many devices share is no device's, even
	// alone, as the store keeps a MAC to one asset.
	if several := len(d.a.Addresses)-start > 1; !rules.keepShared && (several || kind == inventory.AddrMAC) {
		kept := d.a.Addresses[:start]
		for _, ad := range d.a.Addresses[start:] {
			if namesNoDevice(ad) {
				shared, why = append(shared, ad.Value), append(why, whyNoDevice(ad))
			} else {
				kept = append(kept, ad)
			}
		}
		d.a.Addresses = kept
	}
	if len(d.a.Addresses) == start {
		return // no address of its own: the row gives none
	}
	if kind == inventory.AddrIP {
		d.a.Addresses[start].Primary = true
	}
	d.set.add(spec.field)
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// keepAside keeps values as the row's imported column, if there are any.
func (d *draft) keepAside(column string, values []string) {
	if len(values) > 0 {
		d.extras = append(d.extras, inventory.ImportedColumn{Column: column, Value: strings.Join(values, " "), Source: string(d.format)})
	}
}

// multiValueSeparators are what exports put between the values of one
// cell besides spaces, commas, semicolons and line breaks: HTML line
// breaks, and GLPI's separators of older versions.
var multiValueSeparators = strings.NewReplacer("<br/>", " ", "<br />", " ", "<br>", " ", "$$##$$", " ", "$#$", " ")

// setNames reads a list of names (runZero's): the first that reads as a
// DNS name becomes the hostname, every dotted one a DNS name; when none
// reads as one, the first is the name.
func (d *draft) setNames(c column, v string) {
	var dns []string
	names := inventory.SplitList(v)
	for _, n := range names {
		if d.a.Hostname == "" && isDNSName(n) {
			d.a.Hostname = strings.TrimSuffix(n, ".")
			d.set.add(hostnameField)
		}
		if strings.Contains(n, ".") {
			if _, err := inventory.NormalizeDNS(n); err == nil {
				dns = append(dns, n)
			}
		}
	}
	if d.a.Hostname == "" && len(names) > 0 {
		d.setName(c, names[0])
	}
	if len(dns) > 0 && !d.set.has(dnsField) {
		d.setAddresses(&targetSpec{name: "dns", kind: kAddress, field: dnsField}, []string{strings.Join(dns, " ")}, columnLabel(c), addressRules{})
	}
}

func kindList() string {
	names := make([]string, len(inventory.Kinds))
	for i, k := range inventory.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// Cells of a sunset export that began with = + - @ tab or CR (or a quote)
// carry a leading quote so that spreadsheets do not run them as formulas.
const guardStart = "=+-@\t\r'"

// guardCell adds the export's formula guard.
func guardCell(s string) string {
	if s != "" && strings.IndexByte(guardStart, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// unguardCell undoes exactly what guardCell added.
func unguardCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(guardStart, s[1]) >= 0 {
		return s[1:]
	}
	return s
}
