package importers

import (
	"github.com/sunset-tui/sunset/inventory"
)

// Targets that are not asset fields but that readers fill.
const (
	targetExternalID = "external-id" // the exporting tool's own id for the row
	targetSubstatus  = "substatus"   // a refinement of the status (ServiceNow)
	targetNames      = "names"       // a list of names: the first hostname is the hostname, dotted ones are DNS names
	// targetDeviceName is the device's name in its tool: its hostname
	// when it reads as a DNS name and the row gives no hostname, else its
	// name ("AP 0A").
	targetDeviceName = "device-name"
	// targetClass says what a row is (ServiceNow's class): a device of a
	// kind, or something that is no device, whose row is skipped.
	targetClass    = "class"
	targetLastSeen = "last-seen" // when the tool last saw the device answer
	// targetSource is the tool an asset came from, as sunset's export
	// writes it beside the external id.
	targetSource  = "source"
	targetUnknown = "-" // a column the format knows is no sunset field
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
	// detection needs at least minMarkers of them. markerRule, if set,
	// says of other column titles whether they are typical too.
	markers    []string
	markerRule func(header string) bool
	minMarkers int
	// requires names a column detection cannot do without, if any.
	requires string
	// decisive columns are this format's alone: one of them is enough,
	// whatever requires and minMarkers say (Snipe-IT's "Item Name").
	decisive []string
	// vocab maps status words (normWords) to stages, on top of the
	// generic words.
	vocab map[string]inventory.Stage
	// lenient: a hostname that is not one becomes the name (or an
	// imported column when the row has a name), and a category that names
	// no kind an imported column, instead of rejecting the row.
	lenient bool
	// retarget, if set, gives some columns of a file another target than
	// their name alone says, from the other columns the file has (by
	// normHeader): in Snipe-IT's import layout "Name" is a person.
	retarget func(present map[string]bool) map[string]string
	// headerRule, if set, gives a target to a column title the aliases do
	// not know ("" for none): GLPI's "Group - Field" titles, in whatever
	// language.
	headerRule func(header string) string
	// adjust applies the format's own rules once a row is read.
	adjust func(d *draft)
	// fileVocab, if set, gives status words that mean a stage only in
	// files with some columns (by normHeader), on top of vocab: Ralph's
	// status numbers mean other things in back office and data centre.
	fileVocab func(present map[string]bool) map[string]inventory.Stage

	lookup map[string]columnTarget
}

type columnTarget struct {
	target string
	prio   int
}

// genericAliases are the column names understood in every format, in
// English, French, German and Spanish (names are compared as normHeader
// folds them: case, accents, spaces and punctuation do not matter).
var genericAliases = []alias{
	{"tag", []string{"tag", "asset tag", "asset", "asset number", "asset no", "asset nr", "asset tag number", "inventory number",
		"inventory no", "inventory tag", "property tag", "property number",
		"numéro d'inventaire", "n° d'inventaire", "inventaire", "étiquette", "inventarnummer", "inventar nr", "anlagennummer",
		"número de inventario", "nº de inventario", "etiqueta", "numero di inventario", "número de patrimônio", "patrimônio"}},
	{"hostname", []string{"hostname", "host name", "host", "computer name", "computer", "system name", "server name", "node name",
		"netbios name", "dns hostname", "nom d'hôte", "nom de l'ordinateur", "rechnername", "computername",
		"nombre de host", "nombre del equipo", "nombre de equipo"}},
	{targetDeviceName, []string{"name", "device name", "device", "asset name", "item name",
		"nom", "nom de l'appareil", "nom de l'équipement", "bezeichnung", "gerätename", "gerät", "nombre",
		"nombre del dispositivo", "nome"}},
	{"kind", []string{"kind", "type", "device type", "asset type", "device kind", "category", "class",
		"catégorie", "typ", "gerätetyp", "kategorie", "tipo", "categoría", "categoria"}},
	{"vendor", []string{"vendor", "manufacturer", "make", "brand", "hw vendor", "hardware vendor", "mfr",
		"fabricant", "constructeur", "marque", "hersteller", "marke", "fabricante", "marca", "produttore"}},
	{"model", []string{"model", "model name", "hardware model", "hw model", "product", "model number", "model no",
		"modèle", "modell", "modelo", "modello"}},
	{"serial", []string{"serial", "serial number", "serial no", "serial nr", "sn", "s/n", "service tag",
		"numéro de série", "n° de série", "seriennummer", "serien nr", "número de serie", "nº de serie",
		"numero di serie", "número de série"}},
	{"owner", []string{"owner", "assigned to", "managed by", "owned by", "responsible", "responsible person", "custodian",
		"assignee", "checked out to", "user", "contact",
		"propriétaire", "responsable", "utilisateur", "besitzer", "eigentümer", "verantwortlich", "benutzer",
		"propietario", "usuario", "usuário", "utente"}},
	{"department", []string{"department", "dept", "division", "business unit", "cost center", "team",
		"département", "abteilung", "kostenstelle", "departamento", "dipartimento"}},
	{"location", []string{"location", "site", "room", "building", "place",
		"emplacement", "lieu", "localisation", "salle", "bâtiment", "standort", "ort", "raum", "gebäude",
		"ubicación", "localización", "sitio", "sala", "edificio", "localização", "posizione", "sede"}},
	{"stage", []string{"stage", "status", "state", "install status", "lifecycle", "lifecycle stage", "lifecycle status",
		"lifecycle state", "asset status", "statut", "état", "zustand", "estado", "stato"}},
	{"deployed-on", []string{"deployed on", "deployed", "deployment date", "install date", "installed on", "installation date",
		"in service date", "in service since", "commissioned", "commissioned on", "go live",
		"date d'installation", "mise en service", "date de mise en service", "installationsdatum", "inbetriebnahme",
		"fecha de instalación", "puesta en servicio"}},
	{"warranty-ends", []string{"warranty ends", "warranty end", "warranty end date", "warranty expires", "warranty expiry",
		"warranty expiration", "warranty expiration date", "warranty until", "warranty",
		"fin de garantie", "date de fin de garantie", "garantie jusqu'au", "garantieende", "garantie bis",
		"ende der garantie", "fin de garantía", "garantía hasta"}},
	{"eol-on", []string{"eol on", "eol", "eol date", "end of life", "end of life date", "asset eol date", "end of support", "eos",
		"fin de vie", "date de fin de vie", "lebensende", "fin de vida"}},
	{"last-managed-on", []string{"last managed on", "last managed", "last audit", "last audited", "last audit date",
		"last seen by admin", "last maintained", "last patched", "last reviewed"}},
	{"holds-credentials", []string{"holds credentials", "has credentials", "stores credentials"}},
	{"credentials-ref", []string{"credentials ref", "credentials reference", "credential ref", "credentials location",
		"vault path", "vault ref"}},
	{"stores-data", []string{"stores data", "has data", "holds data", "contains data"}},
	{"classification", []string{"classification", "data classification", "sensitivity", "confidentiality"}},
	{"os", []string{"os", "operating system", "os name", "platform", "firmware name",
		"système d'exploitation", "betriebssystem", "sistema operativo", "sistema operacional"}},
	{"os-version", []string{"os version", "operating system version", "firmware version", "firmware", "os release",
		"version du système d'exploitation", "betriebssystemversion", "versión del sistema operativo"}},
	{"approved", []string{"approved", "authorized", "authorised", "sanctioned"}},
	{"notes", []string{"notes", "note", "comments", "comment", "description", "remarks",
		"commentaire", "commentaires", "remarque", "remarques", "kommentar", "kommentare", "bemerkung", "bemerkungen",
		"beschreibung", "comentario", "comentarios", "observaciones", "descripción", "comentários", "commenti"}},
	{"dns", []string{"dns", "dns name", "dns names", "fqdn"}},
	{"ip", []string{"ip", "ip address", "ip addresses", "ips", "ipv4", "ipv4 address", "primary ipv4", "primary ip", "ipv6",
		"ipv6 address", "primary ipv6", "management ip", "mgmt ip",
		"adresse ip", "adresses ip", "ip adresse", "ip adressen", "dirección ip", "direcciones ip", "endereço ip", "indirizzo ip"}},
	{"mac", []string{"mac", "mac address", "mac addresses", "macs", "hardware address", "ethernet address", "physical address",
		"adresse mac", "adresses mac", "mac adresse", "mac adressen", "dirección mac", "direcciones mac", "endereço mac",
		"indirizzo mac", "adresse physique", "physische adresse", "dirección física"}},
}

// commentAliases are the columns in which a tool keeps its own comments:
// a CMDB's, which an import keeps as imported columns, never in the notes
// a person writes in sunset.
var commentAliases = []string{"notes", "note", "comments", "comment", "description", "remarks", "short description",
	"commentaire", "commentaires", "remarque", "remarques", "kommentar", "kommentare", "bemerkung", "bemerkungen",
	"beschreibung", "comentario", "comentarios", "observaciones", "descripción", "comentários", "commenti"}

// layouts are the formats with a header reading; csv is the generic one.
var layouts = []*layout{csvLayout, netboxLayout, snipeitLayout, servicenowLayout, glpiLayout, runzeroLayout, ralphLayout}

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
		folded := map[string]inventory.Stage{}
		for w, st := range l.vocab {
			folded[normWords(w)] = st
		}
		l.vocab = folded
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
