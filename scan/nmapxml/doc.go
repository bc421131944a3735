// Package nmapxml reads nmap's XML output as a stream, one <host> at a
// time, and turns each host into sunset observations under the liveness
// rule.
//
// nmap writes its XML by machine and very regularly, so the package reads
// it with a small scanner of its own rather than a general XML decoder: a
// /16 sweep is tens of megabytes and must be ingested in well under a
// second with memory that does not grow with the number of hosts. The
// scanner still accepts any well-formed nmap document: attributes in any
// order and quoting, character and entity references, self-closing tags,
// comments, processing instructions, a DOCTYPE, and elements it does not
// know (scripts, tables, traces) nested to any depth. It refuses a DOCTYPE
// that declares entities (ErrEntities), which nmap never writes.
//
// What one host may bring is capped (MaxPorts and its neighbours): a
// forged or broken file cannot store a 10 MiB hostname or 30,000 ports
// for one host. Decode cuts what is over and counts it in Summary.Cut.
//
// Real nmap output is not always well-formed XML: service banners and
// script output sometimes carry character references or raw control bytes
// that XML 1.0 forbids. Sanitizer replaces them with U+FFFD as the bytes
// stream past, so one bad banner does not sink the rest of a scan; Decode
// uses it and reports how many characters it replaced.
//
// An interrupted scan leaves a file that stops mid-document. Decode hands
// over every host that was complete, then returns an error matching
// ErrTruncated and a Summary with Truncated set.
package nmapxml
