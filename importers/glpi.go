package importers

import "strings"

// glpiLayout reads GLPI's asset list exports (semicolon separated, the
// search options' titles as header) in the languages GLPI exports in:
// titles such as "Nom", "Numéro de série", "Composants - Adresse MAC" or
// "Komponenten - MAC-Adresse". A cell of several values (a computer's
// MACs) holds them a line each. Device names are free text ("*ANNIE-IBM"):
// one that reads as a DNS name is the hostname, any other the name.
var glpiLayout = &layout{
	format: FormatGLPI,
	title:  "GLPI asset export",
	aliases: []alias{
		{targetDeviceName, []string{"name", "nom", "nombre", "nome"}},
		{"tag", []string{"inventory number", "otherserial", "numéro d'inventaire", "inventarnummer", "número de inventario",
			"numero di inventario", "número de inventário"}},
		{"serial", []string{"serial number", "numéro de série", "seriennummer", "número de serie", "numero di serie",
			"número de série"}},
		{"vendor", []string{"manufacturer", "fabricant", "hersteller", "fabricante", "produttore"}},
		{"model", []string{"model", "modèle", "modell", "modelo", "modello"}},
		{"kind", []string{"type", "typ", "tipo"}},
		{"stage", []string{"status", "statut", "estado", "stato"}},
		{"location", []string{"location", "lieu", "standort", "ubicación", "localización", "localização", "luogo", "posizione"}},
		{"owner", []string{"technician in charge of the hardware", "technicien en charge du matériel", "zuständiger techniker",
			"técnico a cargo del hardware", "user", "utilisateur", "benutzer", "usuario", "usuário", "utente",
			"alternate username", "usager", "nom d'usager", "nom d'utilisateur alternatif"}},
		{"department", []string{"group in charge of the hardware", "groupe en charge du matériel", "zuständige gruppe",
			"grupo a cargo del hardware", "group", "groupe", "gruppe", "grupo", "gruppo"}},
		{"os", []string{"operating system - name", "système d'exploitation - nom", "betriebssystem - name",
			"sistema operativo - nombre", "sistema operacional - nome", "sistema operativo - nome"}},
		{"os-version", []string{"operating system - version", "système d'exploitation - version", "betriebssystem - version",
			"sistema operativo - versión", "sistema operacional - versão", "sistema operativo - versione"}},
		{"ip", []string{"ip - address", "network ports - ip", "ip - adresse", "ip - dirección", "ip - endereço", "ip - indirizzo"}},
		{targetExternalID, []string{"id"}},
		{targetUnknown, append([]string{"entity", "entité", "einheit", "entität", "entidad", "entidade", "entità",
			"last update", "dernière modification", "letzte änderung", "última actualización", "última modificación",
			"última atualização", "ultima modifica"}, commentAliases...)},
	},
	markers: []string{"entity", "entité", "einheit", "entität", "entidad", "entidade", "entità",
		"inventory number", "numéro d'inventaire", "inventarnummer", "número de inventario", "otherserial",
		"last update", "dernière modification", "letzte änderung", "última actualización", "última modificación",
		"technician in charge of the hardware", "technicien en charge du matériel", "group in charge of the hardware",
		"groupe en charge du matériel", "alternate username"},
	markerRule: isGLPIGroupTitle,
	minMarkers: 2,
	lenient:    true,
	headerRule: glpiAddressColumn,
}

// glpiGroups are the groups GLPI prefixes search options with ("Group -
// Field"), in its languages, as normWords folds them.
var glpiGroups = map[string]bool{
	"components": true, "composants": true, "komponenten": true, "componentes": true, "componenti": true,
	"network ports": true, "ports reseaux": true, "ports reseau": true, "netzwerkanschlusse": true, "netzwerkports": true,
	"netzwerk ports": true, "puertos de red": true, "portas de rede": true, "porte di rete": true,
	"operating system": true, "systeme d exploitation": true, "betriebssystem": true, "sistema operativo": true,
	"sistema operacional": true,
	"network":             true, "reseau": true, "netzwerk": true, "red": true, "rede": true, "rete": true,
	"financial and administrative information": true, "informations financieres et administratives": true,
	"kaufmannische informationen": true, "informacion financiera y administrativa": true,
	"management": true, "gestion": true, "verwaltung": true,
	"volumes": true, "disks": true, "disques": true, "ip": true, "device": true, "peripheriques": true,
	"software": true, "logiciels": true, "software versionen": true, "plugins": true,
}

// glpiTitle splits a GLPI column title "Group - Field" into its group and
// field, as normWords folds them; ok is false for other titles.
func glpiTitle(header string) (group, field string, ok bool) {
	i := strings.LastIndex(header, " - ")
	if i <= 0 {
		return "", "", false
	}
	return normWords(header[:i]), normWords(header[i+3:]), true
}

func isGLPIGroupTitle(header string) bool {
	g, _, ok := glpiTitle(header)
	return ok && glpiGroups[g]
}

// macFields are a MAC address field's title in GLPI's languages.
var macFields = map[string]bool{
	"mac": true, "mac address": true, "mac addresses": true, "adresse mac": true, "adresses mac": true,
	"mac adresse": true, "mac adressen": true, "direccion mac": true, "direcciones mac": true,
	"endereco mac": true, "indirizzo mac": true,
}

// ipFields are an IP address field's title in GLPI's languages.
var ipFields = map[string]bool{
	"ip": true, "ip address": true, "ip addresses": true, "adresse ip": true, "adresses ip": true, "ip adresse": true,
	"ip adressen": true, "direccion ip": true, "direcciones ip": true, "endereco ip": true, "indirizzo ip": true,
}

// addressFields are a bare "Address" field, an IP address in GLPI's "IP"
// group ("IP - Address") and a postal one elsewhere.
var addressFields = map[string]bool{"address": true, "adresse": true, "direccion": true, "endereco": true, "indirizzo": true}

// glpiAddressColumn: any group's MAC address field ("Composants -
// Adresse MAC", "Network ports - MAC") is MACs, and its IP address field
// ("Réseau - Adresse IP", "IP - Address") IPs.
func glpiAddressColumn(header string) string {
	group, field, ok := glpiTitle(header)
	switch {
	case ok && macFields[field]:
		return "mac"
	case ok && (ipFields[field] || group == "ip" && addressFields[field]):
		return "ip"
	}
	return ""
}

// GLPI statuses are the admins' own labels; the common words in its
// languages (stageWords) cover the usual ones.
