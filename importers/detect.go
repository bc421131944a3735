package importers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
)

// SniffFormat recognises a file's format from its content: nmap XML from
// its root element, and the CSV exports from their columns. reason says,
// in a phrase, why. The scan package imports nmap XML; everything else is
// for Import, which reports any problem in the rows.
func SniffFormat(name string, data []byte, latin1 bool) (f Format, reason string, err error) {
	if isXML(data) {
		if isNmapXML(data) {
			return FormatNmapXML, "an nmap XML document (<nmaprun>)", nil
		}
		return "", "", fileErr(name, 0, "is XML but not nmap output (no <nmaprun> element)")
	}
	t, err := tableOf(name, data, latin1)
	if err != nil {
		return "", "", err
	}
	l, reason := detectLayout(t.header)
	return l.format, reason, nil
}

// errHeaderCut: what was read ends before the header does.
var errHeaderCut = errors.New("the header runs on past what was read")

func isXML(data []byte) bool {
	head := bytes.TrimLeft(bytes.TrimPrefix(data, bomUTF8), " \t\r\n")
	return bytes.HasPrefix(head, []byte("<?xml")) || bytes.HasPrefix(head, []byte("<nmaprun")) ||
		bytes.HasPrefix(head, []byte("<!DOCTYPE nmaprun"))
}

func isNmapXML(data []byte) bool {
	head := data
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	return bytes.Contains(head, []byte("<nmaprun"))
}

// detectLayout picks the CMDB export whose typical columns the header has
// most of, or plain CSV.
func detectLayout(header []string) (*layout, string) {
	present := map[string]string{}
	for _, h := range header {
		if n := normHeader(h); n != "" {
			if _, dup := present[n]; !dup {
				present[n] = h
			}
		}
	}
	if isSunsetExport(header) {
		return csvLayout, "the header is sunset's own export header"
	}
	var best *layout
	var bestCols []string
	for _, l := range layouts {
		if l.format == FormatCSV {
			continue
		}
		var cols []string
		seen := map[string]bool{}
		for _, m := range l.decisive {
			n := normHeader(m)
			if h, ok := present[n]; ok && !seen[n] {
				cols = append(cols, h)
				seen[n] = true
			}
		}
		decided := len(cols) > 0
		if _, ok := present[normHeader(l.requires)]; l.requires != "" && !ok && !decided {
			continue
		}
		for _, m := range l.markers {
			n := normHeader(m)
			if h, ok := present[n]; ok && !seen[n] {
				cols = append(cols, h)
				seen[n] = true
			}
		}
		if l.markerRule != nil {
			for _, h := range header {
				if n := normHeader(h); !seen[n] && l.markerRule(h) {
					cols = append(cols, h)
					seen[n] = true
				}
			}
		}
		if (decided || len(cols) >= l.minMarkers) && len(cols) > len(bestCols) {
			best, bestCols = l, cols
		}
	}
	if best == nil {
		return csvLayout, "no CMDB export's typical columns in the header"
	}
	if len(bestCols) > 5 {
		bestCols = append(bestCols[:5], "...")
	}
	return best, fmt.Sprintf("columns %s are typical of a %s", strings.Join(bestCols, ", "), best.title)
}

// SniffFile is SniffFormat for a file on disk, so that a caller can send
// nmap XML to the scan importer and everything else to Import. It reads
// no more of the file than Input.Sniff does.
func SniffFile(path string, latin1 bool) (Format, string, error) {
	in, err := OpenInput(context.Background(), path)
	if err != nil {
		return "", "", err
	}
	defer in.Close()
	return in.Sniff(latin1)
}
