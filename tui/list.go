package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// itemList is a scrolling list of one-line entries with a cursor: the
// findings, reminders and unknown devices. There may be a million of
// them, so it draws only the entries that fit, each when it is drawn.
type itemList struct {
	c *common
	n int
	// entry draws entry i.
	entry  func(i int) string
	cursor int
	offset int
	width  int
	height int
}

// setEntries shows n entries drawn by entry.
func (l *itemList) setEntries(n int, entry func(i int) string) {
	l.n, l.entry = n, entry
	l.clamp()
}

func (l *itemList) setSize(w, h int) {
	l.width, l.height = w, max(h, 1)
	l.clamp()
}

func (l *itemList) clamp() {
	l.cursor = max(min(l.cursor, l.n-1), 0)
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+l.height {
		l.offset = l.cursor - l.height + 1
	}
	l.offset = max(min(l.offset, l.n-l.height), 0)
}

// update moves the cursor for navigation keys and the mouse; it reports
// whether the entry under the cursor was activated (enter, or a click on
// the selected entry).
func (l *itemList) update(msg tea.Msg) (activated bool) {
	k := l.c.keys
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Up):
			l.cursor--
		case key.Matches(msg, k.Down):
			l.cursor++
		case key.Matches(msg, k.PageUp):
			l.cursor -= l.height
		case key.Matches(msg, k.PageDown):
			l.cursor += l.height
		case key.Matches(msg, k.Top):
			l.cursor = 0
		case key.Matches(msg, k.Bottom):
			l.cursor = l.n - 1
		case key.Matches(msg, k.Open):
			return l.n > 0
		}
	case tea.MouseMsg:
		if msg.Action != tea.MouseActionPress {
			return false
		}
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			l.cursor -= 3
		case tea.MouseButtonWheelDown:
			l.cursor += 3
		case tea.MouseButtonLeft:
			i := l.offset + msg.Y
			if i >= 0 && i < l.n {
				if i == l.cursor {
					return true
				}
				l.cursor = i
			}
		}
	}
	l.clamp()
	return false
}

func (l *itemList) View() string {
	var out []string
	// A mark tells the selected entry apart without colour.
	for i := l.offset; i < l.n && i < l.offset+l.height; i++ {
		if i == l.cursor {
			out = append(out, l.c.styles.TableCursor.Render(fit("› "+ansi.Strip(l.entry(i)), l.width)))
			continue
		}
		out = append(out, ansi.Truncate("  "+l.entry(i), l.width, "…"))
	}
	return strings.Join(out, "\n")
}

func (l *itemList) navHelp() []key.Binding {
	k := l.c.keys
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// Lines under a list for the selected entry in full.
const previewLines = 4

// preview wraps the full text of the selected entry under a rule.
func preview(st Styles, text string, width int) string {
	lines := wrap(text, width)
	if len(lines) > previewLines-1 {
		lines = append(lines[:previewLines-2], "…")
	}
	return st.Muted.Render(strings.Repeat("─", max(width, 1))) + "\n" + strings.Join(lines, "\n")
}
