package nmapxml

import "time"

// Progress is one report of how far nmap has got with a task.
type Progress struct {
	Task    string  // "SYN Stealth Scan", "Connect Scan", "Ping Scan", ...
	Percent float64 // 0 to 100
	// Remaining and ETC are nmap's estimate; zero when it gave none
	// (below 1% done).
	Remaining time.Duration
	ETC       time.Time
	// At is when nmap made the report.
	At time.Time
	// Done marks the end of a task (<taskend>), with Percent 100.
	Done bool
}
