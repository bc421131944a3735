package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Widest a dialog box grows.
const maxDialogWidth = 84

// dialogInnerWidth is the text width inside a dialog box on a w-wide
// screen: the box's border and padding take four columns.
func dialogInnerWidth(w int) int {
	return max(min(w, maxDialogWidth)-4, 10)
}

// frameDialog draws a dialog box with a title, its body and a footer line
// in the middle of a w×h screen. Lines are cut to fit, the footer always
// shows.
func frameDialog(s Styles, w, h int, title, body, footer string) string {
	inner := dialogInnerWidth(w)
	room := max(h-2-2, 1) // border, title, footer
	lines := strings.Split(body, "\n")
	if len(lines) > room {
		lines = append(lines[:room-1], s.Muted.Render("…"))
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, inner, "…")
	}
	content := s.DialogTitle.Render(ansi.Truncate(title, inner, "…")) + "\n" + strings.Join(lines, "\n") +
		"\n" + ansi.Truncate(footer, inner, "…")
	box := s.Dialog.Width(inner + 2).Render(content)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}
