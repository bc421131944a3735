package importers

import (
	"github.com/sunset-tui/sunset/inventory"
)

// stageWords are the status words every format understands, on top of the
// stage names themselves, in English, French, German and Spanish (with
// accents or without: values are compared as normWords folds them). Tools
// whose statuses are labels the admins made up (Snipe-IT, GLPI, a
// spreadsheet) mostly use these. A word that is not here, nor in the
// format's own vocabulary, nor in the user's --stage-map, is reported,
// never guessed; so a word whose meaning varies (broken, in repair) is
// not here.
var stageWords = foldVocab(map[inventory.Stage][]string{
	inventory.StageActive: {
		"in use", "inuse", "deployed", "installed", "production", "in production", "prod", "live", "operational",
		"in service", "assigned", "checked out",
		// French
		"actif", "active", "en service", "en production", "en utilisation", "utilisé", "en cours d'utilisation",
		"déployé", "installé", "opérationnel", "affecté", "attribué",
		// German
		"aktiv", "in betrieb", "im einsatz", "in benutzung", "in verwendung", "produktiv", "in produktion",
		"installiert", "zugewiesen", "ausgegeben",
		// Spanish
		"activo", "activa", "en uso", "en servicio", "en producción", "operativo", "operativa", "instalado",
		"instalada", "desplegado", "asignado", "asignada",
	},
	inventory.StageSpare: {
		"in stock", "stock", "ready to deploy", "available", "in storage", "storage", "unassigned", "unused",
		"inactive", "not in use", "in reserve", "reserve",
		// French
		"inactif", "inactive", "en stock", "disponible", "en réserve", "de réserve", "réserve", "non utilisé",
		"non affecté", "non attribué", "prêt à déployer", "en magasin",
		// German
		"inaktiv", "auf lager", "im lager", "lager", "lagernd", "verfügbar", "reserve", "ersatz", "ersatzgerät",
		"nicht in benutzung", "nicht zugewiesen", "bereit zur ausgabe",
		// Spanish
		"inactivo", "inactiva", "en stock", "en almacén", "almacén", "disponible", "en reserva", "de reserva",
		"sin asignar", "no asignado", "repuesto", "sin uso",
	},
	inventory.StagePlanned: {
		"on order", "ordered", "pending install", "pending installation", "staging", "requested", "in build",
		"being built",
		// French
		"planifié", "prévu", "commandé", "en commande", "en préparation", "à installer", "en attente d'installation",
		// German
		"geplant", "bestellt", "in bestellung", "in vorbereitung", "in planung",
		// Spanish
		"planificado", "planeado", "previsto", "pedido", "en pedido", "encargado", "en preparación",
		"por instalar", "pendiente de instalación",
	},
	inventory.StageDecommissioning: {
		"decommission", "being decommissioned", "to be decommissioned", "pending retirement", "retiring",
		"pending disposal", "phasing out",
		// French
		"en cours de retrait", "à retirer", "en retrait", "en décommissionnement", "à réformer",
		"en cours de réforme",
		// German
		"wird ausgemustert", "in ausmusterung", "zur ausmusterung", "auszumustern", "in außerbetriebnahme",
		"außerbetriebnahme", "wird stillgelegt",
		// Spanish
		"en proceso de baja", "pendiente de baja", "por retirar", "a retirar", "en retiro",
	},
	inventory.StageRetired: {
		"archived", "decommissioned", "out of service", "lost", "stolen", "lost stolen", "end of life",
		// French
		"retiré", "retirée", "hors service", "hors d'usage", "réformé", "réformée", "décommissionné", "fin de vie",
		"perdu", "perdue", "volé", "volée", "perdu volé", "archivé", "archivée",
		// German
		"ausgemustert", "außer betrieb", "außer dienst", "stillgelegt", "ausgesondert", "verloren", "gestohlen",
		"verloren gestohlen", "archiviert",
		// Spanish
		"retirado", "retirada", "fuera de servicio", "fuera de uso", "dado de baja", "dada de baja", "de baja",
		"baja", "en desuso", "perdido", "perdida", "robado", "robada", "perdido robado", "archivado", "archivada",
	},
	inventory.StageDisposed: {
		"scrapped", "destroyed", "recycled", "sold", "donated", "written off", "returned to vendor", "discarded",
		"disposed of",
		// French
		"au rebut", "mis au rebut", "mise au rebut", "rebut", "recyclé", "recyclée", "détruit", "détruite",
		"vendu", "vendue", "donné", "donnée", "cédé", "cédée", "éliminé", "éliminée",
		// German
		"verschrottet", "entsorgt", "recycelt", "zerstört", "vernichtet", "verkauft", "gespendet", "verschenkt",
		// Spanish
		"desechado", "desechada", "reciclado", "reciclada", "destruido", "destruida", "vendido", "vendida",
		"donado", "donada", "chatarra", "eliminado", "eliminada",
	},
})

func init() {
	for _, st := range inventory.Stages {
		stageWords[string(st)] = st
	}
}

// foldVocab keys each word of a vocabulary as normWords folds it, so that
// it is found however a file spells it.
func foldVocab(byStage map[inventory.Stage][]string) map[string]inventory.Stage {
	out := map[string]inventory.Stage{}
	for st, words := range byStage {
		for _, w := range words {
			k := normWords(w)
			if had, ok := out[k]; ok && had != st {
				panic("importers: status word " + w + " means both " + string(had) + " and " + string(st))
			}
			out[k] = st
		}
	}
	return out
}

// stageOf resolves a status value: the user's --stage-map first, then the
// format's vocabulary, then the generic words. ok is false when nothing
// knows the value.
func stageOf(value string, l *layout, userMap map[string]inventory.Stage) (inventory.Stage, bool) {
	w := normWords(value)
	if st, ok := userMap[w]; ok {
		return st, true
	}
	if st, ok := l.vocab[w]; ok {
		return st, true
	}
	st, ok := stageWords[w]
	return st, ok
}
