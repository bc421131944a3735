package importers

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// How a column is used.
const (
	UseField   = "field"   // fills an asset field
	UseKept    = "kept"    // kept as the asset's imported column, apart from its notes
	UseIgnored = "ignored" // read and dropped
	UseRefused = "refused" // looks like a secret: the file is refused
)

type column struct {
	index  int
	header string
	// label names the column in imported columns and messages: its
	// header, made unique in the file ("Category (column 14)" for a
	// second "Category"), or "column N" when it has none.
	label  string
	target string // field or reader target when use is UseField
	prio   int
	use    string
	why    string
	// after is, for a column that fills its field only where another is
	// empty, the label of that other column.
	after string
}

// How a target turns text into the asset.
type targetKind int

const (
	kText targetKind = iota
	kTag
	kHostname
	kKind
	kStage
	kDate
	kBool
	kAddress
	kNotes
	kSubstatus
	kExternalID
	kNames
	kName
	kDeviceName
	kClass
	kLastSeen
	kSource
)

// targetSpec is one target a file fills, with its columns best first.
type targetSpec struct {
	name  string
	kind  targetKind
	field int // index in inventory.Fields, -1 for reader targets
	cols  []int
	order DateOrder // for dates: the day/month order the columns show
	// For dates: whether the values read so far showed day first, or
	// month first.
	dmy, mdy bool
}

// filePlan is how one file's columns become asset fields.
type filePlan struct {
	t         *table
	s         *settings
	file      int   // the file's position among the import's inputs
	size      int64 // of the input, or -1 when it cannot tell
	lay       *layout
	columns   []column
	targets   []targetSpec
	keptCols  []int // columns kept as imported columns
	classCols []int // the columns of targetClass, best first
	// unescape undoes the formula guard of a sunset export.
	unescape bool
	report   FileReport
	// vocab is the layout's fileVocab for this file's columns.
	vocab map[string]inventory.Stage
	// Status and kind words repeat from row to row: each is looked up once.
	stages map[string]stageLookup
	kinds  map[string]kindLookup
	// skips counts the rows of each class the import leaves out, in the
	// order the classes came.
	skips     []SkippedClass
	skipIndex map[string]int // classWords → position in skips
	// filled and kept count, by column, the rows in which a column
	// filled its field, and those in which its value was kept as an
	// imported column instead (another column filled the field, or the
	// field could not take it), for the report.
	filled, kept []int
}

// otherClasses stands for the classes past maxCachedWords of them.
const otherClasses = "(other classes)"

// skipped counts a row of a class the import leaves out.
func (p *filePlan) skipped(class string) {
	w := classWords(class)
	if len(p.skipIndex) >= maxCachedWords {
		if _, ok := p.skipIndex[w]; !ok {
			w, class = otherClasses, otherClasses
		}
	}
	if i, ok := p.skipIndex[w]; ok {
		p.skips[i].Rows++
		return
	}
	if p.skipIndex == nil {
		p.skipIndex = map[string]int{}
	}
	p.skipIndex[strings.Clone(w)] = len(p.skips)
	p.skips = append(p.skips, SkippedClass{File: p.t.name, Class: strings.Clone(class), Rows: 1})
}

// maxCachedWords bounds how many status and kind words a file's plan
// remembers: a file of a million made-up words is looked up word by word.
// A cached word is a copy, so that it holds none of the file's text.
const maxCachedWords = 1024

type stageLookup struct {
	stage inventory.Stage
	ok    bool
}

type kindLookup struct {
	kind inventory.Kind
	ok   bool
}

func (p *filePlan) stageOf(v string, s *settings) (inventory.Stage, bool) {
	if r, ok := p.stages[v]; ok {
		return r.stage, r.ok
	}
	st, ok := stageOf(v, p.lay, s.stageMap)
	if !ok {
		st, ok = p.vocab[normWords(v)]
	}
	if p.stages == nil {
		p.stages = map[string]stageLookup{}
	}
	if len(p.stages) < maxCachedWords {
		p.stages[strings.Clone(v)] = stageLookup{st, ok}
	}
	return st, ok
}

func (p *filePlan) kindOf(v string) (inventory.Kind, bool) {
	if r, ok := p.kinds[v]; ok {
		return r.kind, r.ok
	}
	k, ok := kindOf(v)
	if p.kinds == nil {
		p.kinds = map[string]kindLookup{}
	}
	if len(p.kinds) < maxCachedWords {
		p.kinds[strings.Clone(v)] = kindLookup{k, ok}
	}
	return k, ok
}

func kindOfTarget(name string) targetKind {
	switch name {
	case "tag":
		return kTag
	case "hostname":
		return kHostname
	case "kind":
		return kKind
	case "stage":
		return kStage
	case "deployed-on", "warranty-ends", "eol-on", "last-managed-on":
		return kDate
	case "holds-credentials", "stores-data", "approved":
		return kBool
	case "ip", "mac", "dns":
		return kAddress
	case "notes":
		return kNotes
	case targetSubstatus:
		return kSubstatus
	case targetExternalID:
		return kExternalID
	case targetNames:
		return kNames
	case "name":
		return kName
	case targetDeviceName:
		return kDeviceName
	case targetClass:
		return kClass
	case targetLastSeen:
		return kLastSeen
	case targetSource:
		return kSource
	}
	return kText
}

// planFile decides the use of every column. A column that looks like a
// secret refuses the file unless the user maps it to ignore.
func planFile(t *table, lay *layout, s *settings) (*filePlan, error) {
	p := &filePlan{t: t, s: s, lay: lay, unescape: isSunsetExport(t.header)}
	present := map[string]bool{}
	for _, h := range t.header {
		present[normHeader(h)] = true
	}
	var retarget map[string]string
	if lay.retarget != nil {
		retarget = lay.retarget(present)
	}
	if lay.fileVocab != nil {
		p.vocab = lay.fileVocab(present)
	}
	labels := columnLabels(t.header)
	var refused []column
	for i, h := range t.header {
		c := column{index: i, header: h, label: labels[i]}
		n := normHeader(h)
		mapped, isMapped := s.colMap[n]
		lt, known := lay.lookup[n]
		switch {
		case p.unescape:
			// sunset's own export: each column is the field it is named after.
			lt, known = columnTarget{target: h}, true
		case retarget[n] != "":
			lt, known = columnTarget{target: retarget[n], prio: lay.lookup[normHeader("full name")].prio}, true
		case !known && lay.headerRule != nil:
			if target := lay.headerRule(h); target != "" {
				lt, known = columnTarget{target: target, prio: len(lay.lookup)}, true
			}
		}
		secret := secretIn(h)
		switch {
		case isMapped && mapped == MapIgnore:
			c.use, c.why = UseIgnored, "--map"
		case secret != "":
			c.use, c.why = UseRefused, fmt.Sprintf("%q means a password or secret", secret)
			refused = append(refused, c)
		case isMapped:
			c.use, c.target, c.prio, c.why = UseField, mapped, -1, "--map"
		case n == "":
			c.use, c.why = unknownUse(s), "no header"
		case known && lt.target != targetUnknown:
			c.use, c.target, c.prio = UseField, lt.target, lt.prio
		default:
			c.use, c.why = unknownUse(s), "unknown column"
		}
		p.columns = append(p.columns, c)
	}
	if len(refused) > 0 {
		return nil, refuseSecrets(t, refused)
	}
	p.filled, p.kept = make([]int, len(p.columns)), make([]int, len(p.columns))
	byTarget := map[string][]int{}
	for i, c := range p.columns {
		switch c.use {
		case UseField:
			byTarget[c.target] = append(byTarget[c.target], i)
		case UseKept:
			p.keptCols = append(p.keptCols, i)
		}
	}
	names := make([]string, 0, len(byTarget))
	for _, f := range inventory.Fields {
		if _, ok := byTarget[f.Name]; ok {
			names = append(names, f.Name)
		}
	}
	for _, target := range []string{targetNames, targetDeviceName, targetExternalID, targetSubstatus, targetClass, targetLastSeen, targetSource} {
		if _, ok := byTarget[target]; ok {
			names = append(names, target)
		}
	}
	for _, name := range names {
		cols := byTarget[name]
		sort.SliceStable(cols, func(a, b int) bool { return p.columns[cols[a]].prio < p.columns[cols[b]].prio })
		spec := targetSpec{name: name, kind: kindOfTarget(name), field: -1, cols: cols}
		if spec.kind == kClass {
			p.classCols = cols
		}
		if i, ok := fieldIndex[name]; ok {
			spec.field = i
		}
		if spec.kind != kAddress && spec.kind != kNotes {
			for _, ci := range cols[1:] {
				p.columns[ci].why = fmt.Sprintf("used when %q is empty; kept as an imported column when both differ", p.columns[cols[0]].header)
				p.columns[ci].after = columnLabel(p.columns[cols[0]])
			}
		}
		p.targets = append(p.targets, spec)
	}
	return p, nil
}

// noteDates reads what one row's date cells show about the day/month
// order of their columns.
func (p *filePlan) noteDates(cells []string) {
	if p.s.dateOrder != DateOrderUnknown {
		return
	}
	for ti := range p.targets {
		spec := &p.targets[ti]
		if spec.kind != kDate {
			continue
		}
		for _, ci := range spec.cols {
			if ci < len(cells) {
				d, m := dateEvidence(cells[ci])
				spec.dmy, spec.mdy = spec.dmy || d, spec.mdy || m
			}
		}
	}
}

// settleDateOrders gives each date target the order --date-order says,
// else the one its values showed in the rows read so far, when they
// showed one and only one.
func (p *filePlan) settleDateOrders() {
	for ti := range p.targets {
		spec := &p.targets[ti]
		if spec.kind != kDate {
			continue
		}
		switch {
		case p.s.dateOrder != DateOrderUnknown:
			spec.order = p.s.dateOrder
		case spec.dmy && !spec.mdy:
			spec.order = DateOrderDMY
		case spec.mdy && !spec.dmy:
			spec.order = DateOrderMDY
		default:
			spec.order = DateOrderUnknown
		}
	}
}

func unknownUse(s *settings) string {
	if s.keepUnknown {
		return UseKept
	}
	return UseIgnored
}

// laterFields are the fields sunset's export gained after its first
// version: an export written before them lacks their columns.
var laterFields = map[string]bool{"name": true}

// isSunsetExport: the header is the one ExportCSV writes, or was written
// by an older sunset, which lacked laterFields and the source columns.
func isSunsetExport(header []string) bool {
	i := 0
	for _, f := range inventory.Fields {
		switch {
		case i < len(header) && header[i] == f.Name:
			i++
		case !laterFields[f.Name]:
			return false
		}
	}
	rest := header[i:]
	return len(rest) == 0 || slices.Equal(rest, exportSourceColumns)
}

// columnLabels names the columns of a header: each by its title, a title
// that repeats with its position added, one without a title by its
// position.
func columnLabels(header []string) []string {
	labels := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		switch {
		case h == "":
			labels[i] = fmt.Sprintf("column %d", i+1)
		case seen[h]:
			labels[i] = fmt.Sprintf("%s (column %d)", h, i+1)
		default:
			labels[i] = h
		}
		seen[h] = true
	}
	return labels
}

// refuseSecrets names every column that holds a secret, and why, in one
// line.
func refuseSecrets(t *table, refused []column) error {
	cols := make([]string, len(refused))
	for i, c := range refused {
		cols[i] = fmt.Sprintf("%q (%s)", c.header, c.why)
	}
	what, fix := "column", "remove the column, or skip it with --map "
	if len(refused) > 1 {
		what, fix = "columns", "remove the columns, or skip each with --map, as in --map "
	}
	return fileErr(t.name, t.headerLine,
		"refusing %s %s: sunset stores where credentials are kept (credentials-ref), never credentials; %s%s",
		what, strings.Join(cols, ", "), fix, shellQuote(refused[0].header+"=ignore"))
}

// shellQuote wraps s in single quotes when it holds anything a shell would
// split or expand, for suggestions the user can paste.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@=", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
