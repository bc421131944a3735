package importers

// Size caps, so that one hostile or mistaken file cannot exhaust memory or
// time. Each is reported with the file and line that crossed it. A file
// has no size cap: it is read as a stream.
const (
	MaxRecordBytes = 1 << 20  // one CSV record, line breaks inside quotes included
	MaxFieldBytes  = 64 << 10 // one cell
	MaxColumns     = 1024
	MaxRows        = 2_000_000 // data rows in one file
)
