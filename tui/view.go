package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// layout hands each screen the size it may draw in.
func (m *Model) layout() {
	w, h := m.width, m.bodyHeight()
	m.help.Width = w
	for _, p := range []page{m.dash, m.assets, m.detail, m.findings, m.reminders, m.unknown, m.policy} {
		p.SetSize(w, h)
	}
	if m.dialog != nil {
		m.dialog.SetSize(w, m.height)
	}
}

func (m Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// bodyHeight is what is left for the screen below the tab bar and above
// the check line, status line and help.
func (m Model) bodyHeight() int {
	h := m.height - headerHeight - m.statusHeight() - m.helpHeight()
	if m.check != nil {
		h--
	}
	return max(h, 1)
}

func (m Model) helpHeight() int {
	if !m.showHelp {
		return 1
	}
	return lipgloss.Height(m.helpView())
}

func (m Model) View() string {
	if m.width == 0 {
		return ""
	}
	if m.tooSmall() {
		return m.tooSmallView()
	}
	if m.dialog != nil {
		return m.dialog.View()
	}
	parts := []string{m.headerView(), m.bodyView()}
	if m.check != nil {
		parts = append(parts, m.checkView())
	}
	parts = append(parts, m.statusView(), m.helpView())
	return strings.Join(parts, "\n")
}

func (m Model) bodyView() string {
	h := m.bodyHeight()
	var body string
	if m.snap == nil && m.screen != screenDetail {
		body = m.c.styles.Muted.Render("Loading the inventory…")
	} else {
		body = m.page().View()
	}
	return fitBlock(body, m.width, h)
}

// fitBlock makes s exactly w×h cells: lines cut or padded, missing lines
// added, extra ones dropped.
func fitBlock(s string, w, h int) string {
	lines := strings.SplitN(s, "\n", h+1)
	if len(lines) > h {
		lines = lines[:h]
	}
	var b strings.Builder
	b.Grow(h * (w + 8))
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(lines) {
			b.WriteString(fitStyled(lines[i], w))
		} else {
			b.WriteString(strings.Repeat(" ", w))
		}
	}
	return b.String()
}

func (m Model) tooSmallView() string {
	lines := []string{
		"Terminal too small",
		"sunset needs " + itoa(minWidth) + "×" + itoa(minHeight) + ",",
		"this one is " + itoa(m.width) + "×" + itoa(m.height) + ".",
		"Enlarge it, or q to quit.",
	}
	if len(lines) > m.height {
		lines = lines[:m.height]
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.width, "…")
	}
	lines[0] = m.c.styles.StatusError.Render(lines[0])
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
}
