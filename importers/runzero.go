package importers

// runzeroLayout reads runZero's asset inventory CSV export. runZero
// discovers what answers on the network and has no lifecycle status: new
// assets take sunset's default stage and existing ones keep theirs. Its
// id identifies an asset that discovery found no name for; last_seen
// (seconds since 1970, or a date and time) is when runZero last saw it.
var runzeroLayout = &layout{
	format: FormatRunZero,
	title:  "runZero asset export",
	aliases: []alias{
		{targetNames, []string{"names"}},
		{"ip", []string{"address", "addresses", "addresses extra"}},
		{"mac", []string{"macs", "newest mac"}},
		{"vendor", []string{"hw vendor"}},
		{"model", []string{"hw product", "hw"}},
		{"os", []string{"os product", "os"}},
		{"os-version", []string{"os version"}},
		{"kind", []string{"type"}},
		{"location", []string{"site name", "site"}},
		{targetExternalID, []string{"id"}},
		{targetLastSeen, []string{"last seen"}},
		{targetUnknown, append([]string{"alive", "first seen", "tags"}, commentAliases...)},
	},
	markers: []string{"addresses extra", "mac vendors", "detected by", "alive", "first seen", "last seen",
		"service count", "hw product", "os product", "hw vendor", "os vendor", "site name",
		"organization name", "newest mac", "names", "macs"},
	minMarkers: 3,
	lenient:    true,
}
