package main

import (
	"fmt"
	"io"

	"github.com/sunset-tui/sunset/inventory"
)

func writeMappings(w io.Writer, ms []inventory.PortMapping) error {
	t := newTable(w, "ID", "EXTERNAL", "INTERNAL", "PROTO", "PURPOSE", "OWNER", "OPENED", "EXPIRES", "CLOSED")
	for _, m := range ms {
		t.row(fmt.Sprint(m.ID), m.External(), m.Internal(), m.Protocol, m.Purpose, m.Owner,
			m.OpenedOn.String(), m.ExpiresOn.String(), formatTime(m.ClosedAt))
	}
	return t.flush()
}

func writeChecklist(w io.Writer, items []inventory.ChecklistItem) error {
	t := newTable(w, "DONE", "ITEM", "TITLE", "VERIFY", "REQUIRED", "DONE BY", "EVIDENCE")
	for _, it := range items {
		mark := "[ ]"
		if it.Done {
			mark = "[x]"
		}
		t.row(mark, it.ID, it.Title, string(it.Verify), inventory.FormatBool(it.Required), it.DoneBy, it.Evidence)
	}
	return t.flush()
}
