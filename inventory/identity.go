package inventory

import (
	"strings"
	"unicode"
)

// A serial and a MAC each name one device, so at most one asset holds
// each (Writer.CreateAsset refuses a second). What firmware, scanners and
// spreadsheets put where the value is unknown names no device and may
// repeat: SerialKey and IdentifyingMAC leave it out.

// SerialKey is a serial as the inventory compares serials: trimmed and in
// lower case, so that "SN-1 " and "sn-1" are one serial; "" when there is
// none or it is a placeholder such as "N/A" or "To Be Filled By O.E.M.".
func SerialKey(serial string) string {
	k := strings.ToLower(strings.TrimSpace(serial))
	if w := words(k); placeholderSerials[w] || strings.Trim(w, "0") == "" || strings.Trim(w, "x") == "" {
		return ""
	}
	return k
}

// IdentifyingMAC reports whether a normalised MAC names one device: the
// all-zero and broadcast addresses that tools report for "none" do not.
func IdentifyingMAC(mac string) bool {
	return mac != "00:00:00:00:00:00" && mac != "ff:ff:ff:ff:ff:ff"
}

// placeholderSerials are what stands where a serial is unknown, as words
// gives them.
var placeholderSerials = map[string]bool{
	"": true, "n a": true, "na": true, "none": true, "null": true, "unknown": true, "0": true, "00000000": true,
	"0123456789": true, "123456789": true, "1234567890": true, "default string": true, "to be filled by o e m": true,
	"system serial number": true, "not specified": true, "not available": true, "serial": true, "tbd": true,
	// What BIOSes and inventory agents write when the maker left the
	// field empty, and what people type for "none".
	"not applicable": true, "chassis serial number": true, "base board serial number": true, "serial number": true,
	"serialnumber": true, "invalid": true, "oem": true, "to be filled by oem": true, "empty": true, "no serial": true,
	"sans": true, "aucun": true, "keine": true, "ninguno": true, "sin serie": true, "sans numero": true,
}

// words is s's runs of letters and digits joined by single spaces, so
// that "N/A", "n.a." and "N A" read alike.
func words(s string) string {
	var b strings.Builder
	gap := false
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte(' ')
		}
		gap = false
		b.WriteRune(r)
	}
	return b.String()
}
