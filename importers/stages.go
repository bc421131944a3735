package importers

import (
	"github.com/sunset-tui/sunset/inventory"
)

// stageWords are the status words every format understands, on top of the
// stage names themselves. Tools whose statuses are labels the admins made
// up (Snipe-IT, GLPI, a spreadsheet) mostly use these. A word that is not
// here, nor in the format's own vocabulary, nor in the user's --stage-map,
// is reported, never guessed.
var stageWords = map[string]inventory.Stage{
	"in use": inventory.StageActive, "inuse": inventory.StageActive, "deployed": inventory.StageActive,
	"installed": inventory.StageActive, "production": inventory.StageActive, "in production": inventory.StageActive,
	"prod": inventory.StageActive, "live": inventory.StageActive, "operational": inventory.StageActive,
	"in service": inventory.StageActive, "assigned": inventory.StageActive, "checked out": inventory.StageActive,

	"in stock": inventory.StageSpare, "stock": inventory.StageSpare, "ready to deploy": inventory.StageSpare,
	"available": inventory.StageSpare, "in storage": inventory.StageSpare, "storage": inventory.StageSpare,
	"unassigned": inventory.StageSpare, "unused": inventory.StageSpare,

	"on order": inventory.StagePlanned, "ordered": inventory.StagePlanned, "pending install": inventory.StagePlanned,
	"pending installation": inventory.StagePlanned, "staging": inventory.StagePlanned, "requested": inventory.StagePlanned,
	"in build": inventory.StagePlanned, "being built": inventory.StagePlanned,

	"decommission": inventory.StageDecommissioning, "being decommissioned": inventory.StageDecommissioning,
	"to be decommissioned": inventory.StageDecommissioning, "pending retirement": inventory.StageDecommissioning,
	"retiring": inventory.StageDecommissioning, "pending disposal": inventory.StageDecommissioning,
	"phasing out": inventory.StageDecommissioning,

	"archived": inventory.StageRetired, "decommissioned": inventory.StageRetired, "out of service": inventory.StageRetired,
	"lost": inventory.StageRetired, "stolen": inventory.StageRetired, "lost stolen": inventory.StageRetired,
	"end of life": inventory.StageRetired,

	"scrapped": inventory.StageDisposed, "destroyed": inventory.StageDisposed, "recycled": inventory.StageDisposed,
	"sold": inventory.StageDisposed, "donated": inventory.StageDisposed, "written off": inventory.StageDisposed,
	"returned to vendor": inventory.StageDisposed,
}

func init() {
	for _, st := range inventory.Stages {
		stageWords[string(st)] = st
	}
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
