package inventory

import (
	"fmt"
	"strings"
)

// Field is one asset attribute as people and files name it: the kebab-case
// name is the command-line flag (--warranty-ends), the CSV export header and
// the import target of a mapped column.
type Field struct {
	Name string
	Help string
	Get  func(a *Asset) string
	// Set parses text into the asset; an error names the problem, not the
	// field (callers know which field they set).
	Set func(a *Asset, v string) error
}

func textField(name, help string, p func(a *Asset) *string) Field {
	return Field{name, help,
		func(a *Asset) string { return *p(a) },
		func(a *Asset, v string) error { *p(a) = v; return nil }}
}

func dateField(name, help string, p func(a *Asset) *Date) Field {
	return Field{name, help,
		func(a *Asset) string { return p(a).String() },
		func(a *Asset, v string) error {
			d, err := ParseDate(strings.TrimSpace(v))
			*p(a) = d
			return err
		}}
}

func boolField(name, help string, p func(a *Asset) *bool) Field {
	return Field{name, help,
		func(a *Asset) string { return FormatBool(*p(a)) },
		func(a *Asset, v string) error {
			b, err := ParseBool(v)
			*p(a) = b
			return err
		}}
}

// addressField reads and writes all addresses of one kind as one value,
// separated by spaces (commas and semicolons are accepted too).
func addressField(kind AddressKind, help string) Field {
	return Field{string(kind), help,
		func(a *Asset) string { return strings.Join(a.addressesOf(kind), " ") },
		func(a *Asset, v string) error {
			var kept []Address
			for _, ad := range a.Addresses {
				if ad.Kind != kind {
					kept = append(kept, ad)
				}
			}
			for i, s := range SplitList(v) {
				ad := Address{Kind: kind, Value: s, Primary: i == 0 && kind == AddrIP}
				if err := ad.Normalize(); err != nil {
					return err
				}
				kept = append(kept, ad)
			}
			a.Addresses = kept
			return nil
		}}
}

// SplitList splits "a b", "a,b" or "a;b" into its non-empty parts.
func SplitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\t' || r == '\n' })
}

// Fields lists every settable asset field, in export column order.
var Fields = []Field{
	textField("tag", "asset tag", func(a *Asset) *string { return &a.Tag }),
	textField("hostname", "host name", func(a *Asset) *string { return &a.Hostname }),
	textField("name", "what people call it when that is no hostname (\"AP 0A\")", func(a *Asset) *string { return &a.Name }),
	{"kind", "device kind: " + joinStrings(Kinds),
		func(a *Asset) string { return string(a.Kind) },
		func(a *Asset, v string) error { k, err := ParseKind(v); a.Kind = k; return err }},
	textField("vendor", "manufacturer", func(a *Asset) *string { return &a.Vendor }),
	textField("model", "model", func(a *Asset) *string { return &a.Model }),
	textField("serial", "serial number", func(a *Asset) *string { return &a.Serial }),
	textField("owner", "person or team responsible", func(a *Asset) *string { return &a.Owner }),
	textField("department", "department", func(a *Asset) *string { return &a.Department }),
	textField("location", "site, room, rack", func(a *Asset) *string { return &a.Location }),
	{"stage", "lifecycle stage: " + joinStrings(Stages),
		func(a *Asset) string { return string(a.Stage) },
		func(a *Asset, v string) error { s, err := ParseStage(v); a.Stage = s; return err }},
	dateField("deployed-on", "date deployed (YYYY-MM-DD)", func(a *Asset) *Date { return &a.DeployedOn }),
	dateField("warranty-ends", "warranty end date (YYYY-MM-DD)", func(a *Asset) *Date { return &a.WarrantyEnds }),
	dateField("eol-on", "end-of-life date (YYYY-MM-DD)", func(a *Asset) *Date { return &a.EOLOn }),
	dateField("last-managed-on", "when a person last audited or patched it (YYYY-MM-DD)", func(a *Asset) *Date { return &a.LastManagedOn }),
	boolField("holds-credentials", "holds credentials of other systems (yes/no)", func(a *Asset) *bool { return &a.HoldsCredentials }),
	textField("credentials-ref", "where those credentials live (a vault path, never a secret)", func(a *Asset) *string { return &a.CredentialsRef }),
	boolField("stores-data", "stores data that needs sanitizing (yes/no)", func(a *Asset) *bool { return &a.StoresData }),
	textField("classification", "data classification", func(a *Asset) *string { return &a.Classification }),
	textField("os", "OS or firmware name", func(a *Asset) *string { return &a.OS }),
	textField("os-version", "OS or firmware version", func(a *Asset) *string { return &a.OSVersion }),
	boolField("approved", "approved to connect (yes/no)", func(a *Asset) *bool { return &a.Approved }),
	textField("notes", "free text", func(a *Asset) *string { return &a.Notes }),
	addressField(AddrDNS, "DNS names, space separated"),
	addressField(AddrIP, "IP addresses, space separated, primary first"),
	addressField(AddrMAC, "MAC addresses, space separated"),
}

// LookupField finds a field by its kebab-case name.
func LookupField(name string) (Field, bool) {
	for _, f := range Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// ParseBool reads the usual spellings: yes/no, true/false, y/n, 1/0, on/off,
// x (ticked) and the empty string (no).
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "t", "1", "on", "x":
		return true, nil
	case "no", "n", "false", "f", "0", "off", "":
		return false, nil
	}
	return false, fmt.Errorf("%q is not yes or no", s)
}

// FormatBool writes "yes" or "no".
func FormatBool(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
