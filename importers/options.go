package importers

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Options control an import. The zero value imports with format detection,
// the default key order, the rows of devices only, unknown columns kept as
// imported columns, and writes.
type Options struct {
	// Format is the layout of every file; "" or auto recognises each
	// file from its content and header.
	Format Format
	// Map sends a column (any spelling of its name) to an asset field by
	// its kebab-case name, or to "ignore".
	Map map[string]string
	// Keys is the order in which records are matched to existing assets:
	// any of id, serial, mac, tag, hostname, name, ip. Empty means
	// DefaultKeys.
	Keys []string
	// Classes chooses, in a file with a class column (ServiceNow's
	// sys_class_name), the classes whose rows are imported: class names
	// in any spelling, "devices" for every class of devices, "all" for
	// every row. Empty means the devices; the other rows are skipped and
	// counted by class.
	Classes []string
	// StageMap says which stage a status value means (any spelling).
	StageMap map[string]inventory.Stage
	// DryRun reports what would happen and writes nothing.
	DryRun bool
	// UnknownColumns is "keep" (the default: each is kept as the asset's
	// imported column, apart from its notes) or "ignore". "notes" is an
	// older spelling of keep.
	UnknownColumns string
	// Latin1 reads files that are not UTF-8 as Latin-1 (Windows-1252).
	Latin1 bool
	// DateOrder reads numeric dates whose day and month could be swapped.
	DateOrder DateOrder
	// Open, if set, gives the input of each file in place of opening it
	// (OpenInput): the caller opened its inputs already, to learn their
	// formats, or from standard input, which can be read only once. Each
	// is read on from where Sniff left it, and closed once read.
	Open func(file string) (*Input, error)
	// Rows, if set, receives the report's rows as they are decided, a
	// batch at a time (in a real import, once the batch is written), and
	// the Report that Import returns holds none: a large import's report
	// goes out as it is made instead of being held. It must not keep
	// rows, which are reused; an error from it ends the import, writing
	// nothing.
	Rows func(rows []Row) error
	// Progress, if set, is called after each batch of rows.
	Progress func(Progress)
	// Now is the clock that times a file gives (when a tool last saw a
	// device) are checked against; nil means time.Now.
	Now func() time.Time
	// NewChecklist, if set, gives the end-of-life checklist a new asset
	// starts with (nil for none), stored with the asset in the import's
	// transaction. It is the only way new assets get one: BeforeCommit
	// hears of updated assets only.
	NewChecklist func(a inventory.Asset) []inventory.ChecklistItem
	// BeforeCommit, if set, runs in the import's own transaction after
	// every row is written, with the IDs of the existing assets the import
	// changed (not those it created), for what follows from their changes
	// (the command line brings their checklists up to date). An error
	// undoes the whole import.
	BeforeCommit func(ctx context.Context, w inventory.Writer, updated []int64) error
}

// Progress is how far an import is.
type Progress struct {
	Rows int   // rows decided so far
	Read int64 // bytes of input read so far
	// Size is the size of every input together, or -1 when one has none
	// it can tell (standard input, a FIFO).
	Size int64
}

// DefaultKeys is the default match order: the strongest identity first,
// the exporting tool's own id (compared only with the ids of assets from
// the same tool) before all; a hostname, a name and an IP address may be
// shared by several devices, so they come last.
var DefaultKeys = []string{"id", "serial", "mac", "tag", "hostname", "name", "ip"}

var validKeys = map[string]bool{"id": true, "serial": true, "mac": true, "tag": true, "hostname": true, "name": true, "ip": true}

// MapIgnore is the --map target that drops a column.
const MapIgnore = "ignore"

// settings are Options checked and folded for lookup.
type settings struct {
	format      Format
	colMap      map[string]string // normHeader(column) → field or ignore
	mapNames    map[string]string // normHeader(column) → the name the user gave
	keys        []string
	classes     classFilter
	stageMap    map[string]inventory.Stage // normWords(value) → stage
	dryRun      bool
	keepUnknown bool
	latin1      bool
	dateOrder   DateOrder
	progress    func(Progress)
	checklist   func(a inventory.Asset) []inventory.ChecklistItem
	now         func() time.Time
}

func (o Options) settings() (*settings, error) {
	s := &settings{colMap: map[string]string{}, mapNames: map[string]string{}, stageMap: map[string]inventory.Stage{},
		dryRun: o.DryRun, latin1: o.Latin1, progress: o.Progress, checklist: o.NewChecklist, now: o.Now,
		classes: newClassFilter(o.Classes)}
	if s.now == nil {
		s.now = time.Now
	}
	f, err := ParseFormat(string(o.Format))
	if err != nil {
		return nil, err
	}
	s.format = f
	for col, field := range o.Map {
		n := normHeader(col)
		if n == "" {
			return nil, fmt.Errorf("--map %q=%q: the column name is empty", col, field)
		}
		target := strings.ToLower(strings.TrimSpace(field))
		switch target {
		case "skip", "-":
			target = MapIgnore
		case MapIgnore:
		default:
			if _, ok := inventory.LookupField(target); !ok {
				return nil, fmt.Errorf("--map %s=%s: %q is not a field (want one of %s, or ignore)", col, field, field, fieldNames())
			}
		}
		if prev, dup := s.mapNames[n]; dup && s.colMap[n] != target {
			return nil, fmt.Errorf("--map names column %q twice (%q and %q)", col, prev, col)
		}
		s.colMap[n], s.mapNames[n] = target, col
	}
	keys := o.Keys
	if len(keys) == 0 {
		keys = DefaultKeys
	}
	seen := map[string]bool{}
	for _, k := range keys {
		k = strings.ToLower(strings.TrimSpace(k))
		if !validKeys[k] {
			return nil, fmt.Errorf("--key %q: not a match key (want id, serial, mac, tag, hostname, name or ip)", k)
		}
		if !seen[k] {
			s.keys = append(s.keys, k)
			seen[k] = true
		}
	}
	for v, st := range o.StageMap {
		if _, err := inventory.ParseStage(string(st)); err != nil {
			return nil, fmt.Errorf("--stage-map %s=%s: %v", v, st, err)
		}
		w := normWords(v)
		if w == "" {
			return nil, fmt.Errorf("--stage-map %q=%s: the value is empty", v, st)
		}
		s.stageMap[w] = inventory.Stage(strings.ToLower(string(st)))
	}
	switch strings.ToLower(o.UnknownColumns) {
	case "", "keep", "notes":
		s.keepUnknown = true
	case "ignore":
	default:
		return nil, fmt.Errorf("--unknown-columns %q: want keep or ignore", o.UnknownColumns)
	}
	switch o.DateOrder {
	case DateOrderUnknown, DateOrderDMY, DateOrderMDY:
		s.dateOrder = o.DateOrder
	default:
		return nil, fmt.Errorf("date order %q: want dmy or mdy", o.DateOrder)
	}
	return s, nil
}

func fieldNames() string {
	names := make([]string, len(inventory.Fields))
	for i, f := range inventory.Fields {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// ParseMap reads COLUMN=FIELD arguments (as --map gives them) into a map.
// A column fills one field: naming it twice with two fields is refused
// (any spelling of its name is the same column).
func ParseMap(args []string) (map[string]string, error) {
	m := map[string]string{}
	given := map[string]string{} // normHeader(column) → the argument that named it
	for _, a := range args {
		col, field, ok := strings.Cut(a, "=")
		col, field = strings.TrimSpace(col), strings.TrimSpace(field)
		if !ok || col == "" || field == "" {
			return nil, fmt.Errorf("--map %q: want COLUMN=FIELD", a)
		}
		n := normHeader(col)
		if before, dup := given[n]; dup {
			_, prevField, _ := strings.Cut(before, "=")
			if !strings.EqualFold(strings.TrimSpace(prevField), field) {
				return nil, fmt.Errorf("--map %q and --map %q: a column fills one field; to fill %s and %s from it, "+
					"copy the column in the file under another name", before, a, strings.TrimSpace(prevField), field)
			}
			continue
		}
		given[n] = a
		m[col] = field
	}
	return m, nil
}

// ParseStageMap reads VALUE=STAGE arguments (as --stage-map gives them).
func ParseStageMap(args []string) (map[string]inventory.Stage, error) {
	m := map[string]inventory.Stage{}
	for _, a := range args {
		i := strings.LastIndex(a, "=")
		if i <= 0 {
			return nil, fmt.Errorf("--stage-map %q: want VALUE=STAGE", a)
		}
		st, err := inventory.ParseStage(a[i+1:])
		if err != nil {
			return nil, fmt.Errorf("--stage-map %q: %v", a, err)
		}
		m[strings.TrimSpace(a[:i])] = st
	}
	return m, nil
}

// ParseKeys reads a --key value such as "serial,mac" (repeated flags may be
// joined by the caller).
func ParseKeys(s string) []string {
	var keys []string
	for _, k := range strings.Split(s, ",") {
		if k = strings.TrimSpace(k); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
