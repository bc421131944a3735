package inventory

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Stage is where an asset is in its life.
type Stage string

const (
	StagePlanned         Stage = "planned"
	StageSpare           Stage = "spare"
	StageActive          Stage = "active"
	StageDecommissioning Stage = "decommissioning"
	StageRetired         Stage = "retired"
	StageDisposed        Stage = "disposed"
)

// Stages lists every stage in life order.
var Stages = []Stage{StagePlanned, StageSpare, StageActive, StageDecommissioning, StageRetired, StageDisposed}

// ParseStage accepts a stage name in any case.
func ParseStage(s string) (Stage, error) {
	st := Stage(strings.ToLower(strings.TrimSpace(s)))
	for _, v := range Stages {
		if v == st {
			return st, nil
		}
	}
	return "", fmt.Errorf("%q is not a stage (want one of %s)", s, joinStrings(Stages))
}

// Kind is what sort of device an asset is.
type Kind string

const (
	KindServer      Kind = "server"
	KindWorkstation Kind = "workstation"
	KindLaptop      Kind = "laptop"
	KindSwitch      Kind = "switch"
	KindRouter      Kind = "router"
	KindFirewall    Kind = "firewall"
	KindAccessPoint Kind = "access-point"
	KindCamera      Kind = "camera"
	KindNVR         Kind = "nvr"
	KindPrinter     Kind = "printer"
	KindStorage     Kind = "storage"
	KindIoT         Kind = "iot"
	KindOther       Kind = "other"
)

// Kinds lists every kind.
var Kinds = []Kind{KindServer, KindWorkstation, KindLaptop, KindSwitch, KindRouter, KindFirewall,
	KindAccessPoint, KindCamera, KindNVR, KindPrinter, KindStorage, KindIoT, KindOther}

// ParseKind accepts a kind name in any case; "access point" and "ap" mean
// access-point.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "-"))
	if k == "ap" {
		k = KindAccessPoint
	}
	for _, v := range Kinds {
		if v == k {
			return k, nil
		}
	}
	return "", fmt.Errorf("%q is not a kind (want one of %s)", s, joinStrings(Kinds))
}

// Asset is one device the organisation owns or runs.
type Asset struct {
	ID       int64  `json:"id"`
	Tag      string `json:"tag"`
	Hostname string `json:"hostname"`
	// Name is what people and the tools an asset came from call it when
	// that is no hostname: free text such as "AP 0A" or "*ANNIE-IBM".
	Name             string    `json:"name"`
	Kind             Kind      `json:"kind"`
	Vendor           string    `json:"vendor"`
	Model            string    `json:"model"`
	Serial           string    `json:"serial"`
	Owner            string    `json:"owner"`
	Department       string    `json:"department"`
	Location         string    `json:"location"`
	Stage            Stage     `json:"stage"`
	StageSince       time.Time `json:"stage_since"`
	DeployedOn       Date      `json:"deployed_on"`
	WarrantyEnds     Date      `json:"warranty_ends"`
	EOLOn            Date      `json:"eol_on"`
	LastManagedOn    Date      `json:"last_managed_on"`
	HoldsCredentials bool      `json:"holds_credentials"`
	// CredentialsRef says where the credentials this device holds are kept
	// (a vault path); never the secret itself.
	CredentialsRef string    `json:"credentials_ref"`
	StoresData     bool      `json:"stores_data"`
	Classification string    `json:"classification"`
	OS             string    `json:"os"`
	OSVersion      string    `json:"os_version"`
	Approved       bool      `json:"approved"`
	Notes          string    `json:"notes"`
	Source         string    `json:"source"`
	ExternalID     string    `json:"external_id"`
	Addresses      []Address `json:"addresses"`
	// LastSeen is when a check last saw the asset answer; zero if never.
	LastSeen  time.Time `json:"last_seen,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Ref is how the asset is named to people: its tag, else its hostname,
// else its name, else its id.
func (a Asset) Ref() string {
	if a.Tag != "" {
		return a.Tag
	}
	if a.Hostname != "" {
		return a.Hostname
	}
	if a.Name != "" {
		return a.Name
	}
	return fmt.Sprintf("#%d", a.ID)
}

// IDRef returns the id a reference #12 names, as Ref writes an asset
// known by nothing else and `sunset asset show` takes it.
func IDRef(ref string) (int64, bool) {
	digits, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

// Identified reports whether anything names the device: a tag, a
// hostname, a name, a serial (not a placeholder), an external id, an IP
// address, a DNS name or a MAC that names one device. Addresses are
// compared as given: Validate normalises them first.
func (a Asset) Identified() bool {
	if strings.TrimSpace(a.Tag) != "" || strings.TrimSpace(a.Hostname) != "" || strings.TrimSpace(a.Name) != "" ||
		SerialKey(a.Serial) != "" || strings.TrimSpace(a.ExternalID) != "" {
		return true
	}
	for _, ad := range a.Addresses {
		if ad.Kind != AddrMAC || IdentifyingMAC(ad.Value) {
			return true
		}
	}
	return false
}

// IPs returns the asset's IP addresses, primary first.
func (a Asset) IPs() []string { return a.addressesOf(AddrIP) }

// MACs returns the asset's MAC addresses.
func (a Asset) MACs() []string { return a.addressesOf(AddrMAC) }

// DNSNames returns the asset's DNS names.
func (a Asset) DNSNames() []string { return a.addressesOf(AddrDNS) }

func (a Asset) addressesOf(kind AddressKind) []string {
	var out []string
	for _, ad := range a.Addresses {
		if ad.Kind == kind {
			if ad.Primary {
				out = append([]string{ad.Value}, out...)
			} else {
				out = append(out, ad.Value)
			}
		}
	}
	return out
}

// PrimaryIP is the address shown for the asset in lists, or "".
func (a Asset) PrimaryIP() string {
	if ips := a.IPs(); len(ips) > 0 {
		return ips[0]
	}
	return ""
}

// Limits on free text, so that one bad import cannot fill the database.
const (
	MaxShortText = 256
	MaxNotes     = 16 << 10
)

// Validate checks the asset and normalises its kind, stage and addresses
// in place. Errors name the field.
func (a *Asset) Validate() error {
	a.Tag = strings.TrimSpace(a.Tag)
	a.Hostname = strings.TrimSpace(a.Hostname)
	a.Name = strings.TrimSpace(a.Name)
	if a.Kind == "" {
		a.Kind = KindOther
	}
	if !slices.Contains(Kinds, a.Kind) {
		k, err := ParseKind(string(a.Kind))
		if err != nil {
			return FieldError("kind", "%v", err)
		}
		a.Kind = k
	}
	if a.Stage == "" {
		a.Stage = StageActive
	}
	if !slices.Contains(Stages, a.Stage) {
		st, err := ParseStage(string(a.Stage))
		if err != nil {
			return FieldError("stage", "%v", err)
		}
		a.Stage = st
	}
	short := [...]string{a.Tag, a.Hostname, a.Name, a.Vendor, a.Model, a.Serial, a.Owner, a.Department, a.Location,
		a.CredentialsRef, a.Classification, a.OS, a.OSVersion, a.Source, a.ExternalID}
	for i, v := range short {
		if len(v) > MaxShortText || !utf8.ValidString(v) {
			return checkText(shortTextFields[i], v, MaxShortText)
		}
	}
	if err := checkText("notes", a.Notes, MaxNotes); err != nil {
		return err
	}
	for _, id := range [...]struct{ field, v string }{{"tag", a.Tag}, {"name", a.Name}, {"serial", a.Serial}, {"external-id", a.ExternalID}} {
		if err := checkIdentifier(id.field, id.v); err != nil {
			return err
		}
	}
	if a.Hostname != "" {
		if err := validHostname(a.Hostname); err != nil {
			return FieldError("hostname", "%v", err)
		}
	}
	for i := range a.Addresses {
		ad := &a.Addresses[i]
		if err := ad.Normalize(); err != nil {
			return err
		}
		// An asset has a handful of addresses: comparing each with those
		// before it is cheaper than a map.
		for _, before := range a.Addresses[:i] {
			if before.Kind == ad.Kind && before.Value == ad.Value {
				return FieldError(string(ad.Kind), "%s is listed twice", ad.Value)
			}
		}
	}
	if !a.Identified() {
		return FieldError("tag", "an asset needs something that names it: a tag, a hostname, a name, a serial, an external id or an address")
	}
	// (Ten years of days reach back nine or ten calendar years: a warranty
	// ending a later year than that is plausible without the arithmetic.)
	if !a.WarrantyEnds.IsZero() && !a.DeployedOn.IsZero() && a.WarrantyEnds.Year < a.DeployedOn.Year-8 &&
		a.WarrantyEnds.Before(a.DeployedOn.AddDays(-3650)) {
		return FieldError("warranty-ends", "%s is implausibly long before deployed-on %s", a.WarrantyEnds, a.DeployedOn)
	}
	return nil
}

// shortTextFields names the fields of short in Validate, in its order.
var shortTextFields = [...]string{"tag", "hostname", "name", "vendor", "model", "serial", "owner", "department", "location",
	"credentials-ref", "classification", "os", "os-version", "source", "external-id"}

func checkText(field, v string, max int) error {
	if !utf8.ValidString(v) {
		return FieldError(field, "not valid UTF-8")
	}
	if len(v) > max {
		return FieldError(field, "longer than %d bytes", max)
	}
	return nil
}

// checkIdentifier refuses, in what identifies a device (its tag, serial,
// external id), every character a terminal would act on or that hides
// what the text says: control and C1 characters, bidi controls and other
// invisible format characters. Free text (notes, a location) may hold
// them; it is escaped where it is shown.
func checkIdentifier(field, v string) error {
	for _, r := range v {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || unicode.Is(unicode.Cf, r) {
			return FieldError(field, "character %U is not allowed in an identifier", r)
		}
	}
	return nil
}

// validHostname accepts the names admins actually use (letters, digits,
// '-', '_', '.'), and nothing that could smuggle terminal control codes or
// bidi overrides.
func validHostname(h string) error {
	if len(h) > 253 {
		return fmt.Errorf("longer than 253 characters")
	}
	for _, r := range h {
		if r == '-' || r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			continue
		}
		return fmt.Errorf("%q: character %q is not allowed in a hostname", h, r)
	}
	return nil
}

func joinStrings[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
