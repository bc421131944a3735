package importers

// Size caps, so that one hostile or mistaken file cannot exhaust memory.
// Each is reported with the file and line that crossed it.
const (
	MaxFileBytes   = 256 << 20 // one input file
	MaxRecordBytes = 1 << 20   // one CSV record, line breaks inside quotes included
	MaxFieldBytes  = 64 << 10  // one cell
	MaxColumns     = 1024
	MaxRows        = 2_000_000 // data rows in one file
)
