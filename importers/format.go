package importers

import (
	"fmt"
	"strings"
)

// Format names a file layout sunset can import.
type Format string

const (
	FormatAuto       Format = "auto"
	FormatCSV        Format = "csv"
	FormatNetBox     Format = "netbox"
	FormatSnipeIT    Format = "snipeit"
	FormatServiceNow Format = "servicenow"
	FormatGLPI       Format = "glpi"
	FormatRunZero    Format = "runzero"
	FormatRalph      Format = "ralph"
	// FormatNmapXML is recognised here but imported by the scan package.
	FormatNmapXML Format = "nmap-xml"
)

// Formats lists every format name the command line accepts.
var Formats = []Format{FormatAuto, FormatCSV, FormatNetBox, FormatSnipeIT, FormatServiceNow, FormatGLPI, FormatRunZero, FormatRalph, FormatNmapXML}

// ParseFormat accepts a format name in any case; "" means auto.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if f == "" {
		return FormatAuto, nil
	}
	for _, v := range Formats {
		if v == f {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, v := range Formats {
		names[i] = string(v)
	}
	return "", fmt.Errorf("%q is not an import format (want one of %s)", s, strings.Join(names, ", "))
}
