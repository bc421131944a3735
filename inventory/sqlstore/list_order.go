package sqlstore

import (
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// Assets are listed by tag, then id; with no tag an asset comes first. A
// list is read in two parts, each walking an index in order: the untagged
// assets by id (assets_untagged), then the tagged ones by tag (assets_tag:
// tags are unique, so no id is needed after them).
var listParts = [...]struct{ cond, order string }{
	{cond: `tag = ''`, order: `id`},
	{cond: `tag <> ''`, order: `tag`},
}

// firstListPart is the part a page starts in: the tagged part once the
// page before ended on a tag.
func firstListPart(page inventory.Page) int {
	if page.AfterTag != "" {
		return 1
	}
	return 0
}

// ListQuery selects columns of the assets that the conditions (of
// assetWhere) keep in one part of the list, from where page starts, at
// most limit of them when limit > 0.
func ListQuery(columns string, conds []string, args []any, part int, page inventory.Page, limit int) (string, []any) {
	conds = append(conds[:len(conds):len(conds)], listParts[part].cond)
	args = args[:len(args):len(args)]
	switch {
	case part == 0 && page.AfterID != 0 && page.AfterTag == "":
		conds = append(conds, `id > ?`)
		args = append(args, page.AfterID)
	case part == 1 && page.AfterTag != "":
		conds = append(conds, `tag > ?`)
		args = append(args, page.AfterTag)
	}
	q := `SELECT ` + columns + ` FROM assets WHERE ` + strings.Join(conds, ` AND `) + ` ORDER BY ` + listParts[part].order
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	return q, args
}
