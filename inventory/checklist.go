package inventory

import (
	"strings"
	"time"
)

// Verify says how a checklist item is proven done.
type Verify string

const (
	VerifyNone          Verify = "none"                // a tick is enough
	VerifyEvidence      Verify = "evidence"            // a tick needs written evidence
	VerifyScanDark      Verify = "scan-dark"           // only a check showing no answer ticks it
	VerifyMappingClosed Verify = "scan-mapping-closed" // only a check showing the mapping closed ticks it
)

// ChecklistItem is one piece of end-of-life work for an asset.
type ChecklistItem struct {
	AssetID  int64  `json:"-"`
	ID       string `json:"id"` // stable within the asset, e.g. "power-down", "close-mapping-7"
	Title    string `json:"title"`
	Required bool   `json:"required"`
	Verify   Verify `json:"verify"`
	Due      Date   `json:"due"`
	// MappingID ties a close-mapping item to its mapping.
	MappingID int64     `json:"mapping_id,omitempty"`
	Done      bool      `json:"done"`
	DoneAt    time.Time `json:"done_at,omitzero"`
	DoneBy    string    `json:"done_by,omitempty"`
	Evidence  string    `json:"evidence,omitempty"`
	// Position keeps the items in the order they were generated.
	Position int `json:"-"`
}

// Sanitization is the record of media sanitization for an asset, with the
// fields of a NIST SP 800-88 Rev. 1 (Appendix G) certificate.
type Sanitization struct {
	AssetID      int64     `json:"-"`
	MediaType    string    `json:"media_type"` // e.g. HDD, SSD, flash, tape
	Manufacturer string    `json:"manufacturer"`
	Model        string    `json:"model"`
	Serial       string    `json:"serial"`
	Method       string    `json:"method"`    // clear, purge, destroy
	Technique    string    `json:"technique"` // overwrite, block-erase, crypto-erase, degauss, shred, ...
	Tool         string    `json:"tool"`      // tool name and version
	Verification string    `json:"verification"`
	Operator     string    `json:"operator"`
	Date         Date      `json:"date"`
	Destination  string    `json:"destination"` // reuse, recycle, vendor, destroyed
	RecordedBy   string    `json:"recorded_by"`
	RecordedAt   time.Time `json:"recorded_at"`
}

// Sanitization methods (NIST SP 800-88).
var SanitizationMethods = []string{"clear", "purge", "destroy"}

// Sanitization destinations.
var SanitizationDestinations = []string{"reuse", "recycle", "vendor", "destroyed"}

// Validate checks that the record has what a certificate needs.
func (s *Sanitization) Validate() error {
	required := []struct{ field, v string }{
		{"media-type", s.MediaType}, {"method", s.Method}, {"technique", s.Technique},
		{"verification", s.Verification}, {"operator", s.Operator}, {"destination", s.Destination},
	}
	var missing []string
	for _, r := range required {
		if r.v == "" {
			missing = append(missing, r.field)
			continue
		}
		if err := checkText(r.field, r.v, MaxShortText); err != nil {
			return err
		}
	}
	if len(missing) > 0 {
		return FieldError(missing[0], "a sanitization record also needs %s", strings.Join(missing, ", "))
	}
	if !oneOf(s.Method, SanitizationMethods) {
		return FieldError("method", "%q is not one of clear, purge, destroy", s.Method)
	}
	if !oneOf(s.Destination, SanitizationDestinations) {
		return FieldError("destination", "%q is not one of reuse, recycle, vendor, destroyed", s.Destination)
	}
	if s.Date.IsZero() {
		return FieldError("date", "required for a sanitization record")
	}
	return nil
}

func oneOf(v string, set []string) bool {
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}

// Dismissal records that an unknown device was looked at and is not to be
// reported again until what it answers changes.
type Dismissal struct {
	Address string `json:"address"`
	MAC     string `json:"mac,omitempty"`
	// Signature summarises what the device answered (its open ports); a new
	// answer brings the finding back.
	Signature string    `json:"signature"`
	Reason    string    `json:"reason"`
	By        string    `json:"by"`
	At        time.Time `json:"at"`
}
