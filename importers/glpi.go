package importers

import "github.com/sunset-tui/sunset/inventory"

// glpiLayout reads GLPI's computer list export (semicolon separated, the
// search option titles as header), in English or French.
var glpiLayout = &layout{
	format: FormatGLPI,
	title:  "GLPI computer export",
	aliases: []alias{
		{"hostname", []string{"name", "nom"}},
		{"tag", []string{"inventory number", "otherserial", "numéro d'inventaire"}},
		{"serial", []string{"serial number", "numéro de série"}},
		{"vendor", []string{"fabricant"}},
		{"model", []string{"modèle"}},
		{"stage", []string{"status", "statut"}},
		{"location", []string{"lieu"}},
		{"owner", []string{"technician in charge of the hardware", "technicien en charge du matériel", "user", "utilisateur", "alternate username"}},
		{"department", []string{"group in charge of the hardware", "groupe en charge du matériel", "group", "groupe"}},
		{"os", []string{"operating system - name", "système d'exploitation - nom"}},
		{"os-version", []string{"operating system - version", "système d'exploitation - version"}},
		{"mac", []string{"network ports - mac", "network ports - mac address", "ports réseaux - adresse mac"}},
		{"ip", []string{"ip - address", "network ports - ip", "ip - adresse"}},
		{"notes", []string{"comments", "commentaires"}},
		{targetExternalID, []string{"id"}},
		{targetUnknown, []string{"entity", "entité", "last update", "dernière modification"}},
	},
	markers: []string{"entity", "entité", "inventory number", "numéro d'inventaire", "last update", "dernière modification",
		"operating system - name", "système d'exploitation - nom", "components - processor", "composants - processeur",
		"technician in charge of the hardware", "group in charge of the hardware", "alternate username", "otherserial"},
	minMarkers: 2,
	lenient:    true,
	// GLPI statuses are the admins' own labels; these are common French
	// ones (the generic English words apply too).
	vocab: map[string]inventory.Stage{
		"en service":    inventory.StageActive,
		"en production": inventory.StageActive,
		"en stock":      inventory.StageSpare,
		"en commande":   inventory.StagePlanned,
		"retiré":        inventory.StageRetired,
		"rebut":         inventory.StageDisposed,
		"mis au rebut":  inventory.StageDisposed,
	},
}
