package nmapxml

import (
	"errors"
	"fmt"
	"time"
)

// Summary is what the document said about the run as a whole. Decode
// returns it even when it also returns an error.
type Summary struct {
	Scanner string // "nmap"
	Args    string // the command line nmap ran with
	Version string // nmap's version
	Start   time.Time
	// End is the time in <runstats><finished>; zero when the run did not
	// finish.
	End time.Time
	// Finished is true when the document closed </nmaprun> after a
	// <runstats><finished> element: nmap ran to its end.
	Finished bool
	// ExitStatus is <finished exit="...">: "success" or "error".
	ExitStatus string
	ErrorMsg   string
	// FinishedSummary is nmap's own one-line summary of the run.
	FinishedSummary string
	// HostsUp, HostsDown and HostsTotal are nmap's counts from
	// <runstats><hosts>. They count hosts that nmap did not write out
	// (down hosts are written only with -v), so they may exceed Decoded.
	HostsUp, HostsDown, HostsTotal int
	// Decoded counts the <host> elements passed to onHost.
	Decoded int
	// IllegalChars counts characters that XML 1.0 forbids and that were
	// replaced with U+FFFD.
	IllegalChars int
	// Cut counts the values of hosts cut to fit the caps on what one host
	// may bring (MaxPorts and its neighbours): text shortened, and
	// addresses, hostnames, ports and OS matches left out.
	Cut int
	// Truncated is true when the input ended before </nmaprun>.
	Truncated bool
}

// ErrTruncated matches (with errors.Is) the error Decode returns when the
// input ends before the document does: an interrupted scan or a file cut
// short. Every host completed before the cut was already passed on.
var ErrTruncated = errors.New("input ended early (scan interrupted or file cut short)")

// ErrEntities matches (with errors.Is) the error Decode returns for a
// DOCTYPE with an internal subset ("<!DOCTYPE nmaprun [ <!ENTITY ...> ]>"),
// which is where entities are declared. nmap writes "<!DOCTYPE nmaprun>"
// and nothing more, so such a document was edited; it is refused rather
// than read with its entities left unexpanded.
var ErrEntities = errors.New("the DOCTYPE declares entities (an internal subset); nmap never writes those")

// SyntaxError is malformed XML, or XML that is not nmap's.
type SyntaxError struct {
	Line   int   // 1-based line of the offending byte
	Offset int64 // byte offset in the (sanitized) input
	Msg    string
	// Err, when set, is what errors.Is matches (ErrEntities).
	Err error
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("nmap XML line %d: %s", e.Line, e.Msg)
}

func (e *SyntaxError) Unwrap() error { return e.Err }
