package importers

import (
	"github.com/sunset-tui/sunset/inventory"
)

// Targets that are not asset fields but that readers fill.
const (
	targetExternalID = "external-id" // the exporting tool's own id for the row
	targetSubstatus  = "substatus"   // a refinement of the status (ServiceNow)
	targetNames      = "names"       // a list of names: the first is the hostname, dotted ones are DNS names
	targetUnknown    = "-"           // a column the format knows is no sunset field
)

// alias lists the column names that fill one target, best first.
type alias struct {
	target string
	names  []string
}

// layout is one format's reading of a header: which column fills which
// field, which status words mean which stage, and how lenient to be with
// values a CMDB uses as labels rather than as sunset means them.
type layout struct {
	format Format
	title  string
	// aliases are tried before the generic ones, so a format can give a
	// common name (NetBox's "Type") its own meaning.
	aliases []alias
	// markers are column names (any spelling) typical of this format;
	// detection needs at least minMarkers of them.
	markers    []string
	minMarkers int
	// requires names a column detection cannot do without, if any.
	requires string
	// vocab maps status words (normWords) to stages, on top of the
	// generic words.
	vocab map[string]inventory.Stage
	// lenient: a name that is not a valid hostname, or a category that
	// names no kind, is kept in notes with a warning instead of
	// rejecting the row.
	lenient bool
	// adjust applies the format's own rules once a row is read.
	adjust func(d *draft)

	lookup map[string]columnTarget
}

type columnTarget struct {
	target string
	prio   int
}

// genericAliases are the column names understood in every format.
var genericAliases = []alias{
	{"tag", []string{"tag", "asset tag", "asset", "asset number", "asset no", "asset nr", "asset tag number", "inventory number", "inventory no", "inventory tag", "property tag", "property number"}},
	{"hostname", []string{"hostname", "host name", "device", "device name", "host", "computer name", "computer", "system name", "server name", "node name", "name"}},
	{"kind", []string{"kind", "type", "device type", "asset type", "device kind", "category", "class"}},
	{"vendor", []string{"vendor", "manufacturer", "make", "brand", "hw vendor", "hardware vendor", "mfr"}},
	{"model", []string{"model", "model name", "hardware model", "hw model", "product", "model number", "model no"}},
	{"serial", []string{"serial", "serial number", "serial no", "serial nr", "sn", "s/n", "service tag"}},
	{"owner", []string{"owner", "assigned to", "managed by", "owned by", "responsible", "responsible person", "custodian", "assignee", "checked out to", "user", "contact"}},
	{"department", []string{"department", "dept", "division", "business unit", "cost center", "team"}},
	{"location", []string{"location", "site", "room", "building", "place"}},
	{"stage", []string{"stage", "status", "state", "install status", "lifecycle", "lifecycle stage", "lifecycle status", "lifecycle state", "asset status"}},
	{"deployed-on", []string{"deployed on", "deployed", "deployment date", "install date", "installed on", "installation date", "in service date", "in service since", "commissioned", "commissioned on", "go live"}},
	{"warranty-ends", []string{"warranty ends", "warranty end", "warranty end date", "warranty expires", "warranty expiry", "warranty expiration", "warranty expiration date", "warranty until", "warranty"}},
	{"eol-on", []string{"eol on", "eol", "eol date", "end of life", "end of life date", "asset eol date", "end of support", "eos"}},
	{"last-managed-on", []string{"last managed on", "last managed", "last audit", "last audited", "last audit date", "last seen by admin", "last maintained", "last patched", "last reviewed"}},
	{"holds-credentials", []string{"holds credentials", "has credentials", "stores credentials"}},
	{"credentials-ref", []string{"credentials ref", "credentials reference", "credential ref", "credentials location", "vault path", "vault ref"}},
	{"stores-data", []string{"stores data", "has data", "holds data", "contains data"}},
	{"classification", []string{"classification", "data classification", "sensitivity", "confidentiality"}},
	{"os", []string{"os", "operating system", "os name", "platform", "firmware name"}},
	{"os-version", []string{"os version", "operating system version", "firmware version", "firmware", "os release"}},
	{"approved", []string{"approved", "authorized", "authorised", "sanctioned"}},
	{"notes", []string{"notes", "note", "comments", "comment", "description", "remarks"}},
	{"dns", []string{"dns", "dns name", "dns names", "fqdn"}},
	{"ip", []string{"ip", "ip address", "ip addresses", "ips", "ipv4", "ipv4 address", "primary ipv4", "primary ip", "ipv6", "ipv6 address", "primary ipv6", "management ip", "mgmt ip"}},
	{"mac", []string{"mac", "mac address", "mac addresses", "macs", "hardware address", "ethernet address", "physical address"}},
}

// layouts are the formats with a header reading; csv is the generic one.
var layouts = []*layout{csvLayout, netboxLayout, snipeitLayout, servicenowLayout, glpiLayout, runzeroLayout}

var csvLayout = &layout{format: FormatCSV, title: "CSV"}

func init() {
	for _, l := range layouts {
		l.lookup = map[string]columnTarget{}
		prio := 0
		for _, group := range [][]alias{l.aliases, genericAliases} {
			for _, a := range group {
				for _, n := range a.names {
					key := normHeader(n)
					if _, taken := l.lookup[key]; !taken {
						l.lookup[key] = columnTarget{target: a.target, prio: prio}
					}
					prio++
				}
			}
		}
	}
}

func layoutFor(f Format) *layout {
	for _, l := range layouts {
		if l.format == f {
			return l
		}
	}
	return nil
}
