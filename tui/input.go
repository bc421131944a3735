package tui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// Keys typed faster than the program reads them (a slow SSH link, tmux
// send-keys) arrive as one message of several runes. Every rune counts:
// while text is being typed they all go to the input at once; otherwise
// each is a key of its own, in order.

// onKeys handles a key message, one rune at a time where it holds several.
func (m Model) onKeys(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	if msg.Type != tea.KeyRunes || len(msg.Runes) < 2 || msg.Paste || msg.Alt {
		return m.onKey(msg)
	}
	runes := msg.Runes
	for i := range runes {
		if m.typing() {
			return m.onKey(runeKeys(runes[i:]))
		}
		next, cmd := m.onKey(runeKeys(runes[i : i+1]))
		m = next.(Model)
		if cmd == nil {
			continue
		}
		if i+1 == len(runes) {
			return m, cmd
		}
		// The key's command may open a dialog or a screen: the keys after
		// it go where it leads, once its message is in.
		return m, tea.Sequence(cmd, send(runeKeys(runes[i+1:])))
	}
	return m, nil
}

// typing reports whether keys go to a text input now: a dialog's, or the
// filter of a screen.
func (m Model) typing() bool {
	if m.tooSmall() {
		return false
	}
	if m.dialog != nil {
		if w, ok := m.dialog.(workHolder); ok && w.asking() {
			return false
		}
		return true
	}
	return m.page().capturesKeys()
}

func runeKeys(r []rune) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: append([]rune(nil), r...)}
}

// workHolder is a dialog that may hold typed work: esc and ctrl+c ask
// before they throw it away.
type workHolder interface {
	// dirty reports whether closing would lose something typed.
	dirty() bool
	// asking reports whether the dialog asks whether to discard it.
	asking() bool
	askDiscard(on bool)
	// discarded reports that the answer was to discard: the dialog
	// closes at once.
	discarded() bool
}

func holdsWork(d dialog) bool {
	w, ok := d.(workHolder)
	return ok && w.dirty()
}

// discardGuard asks before a dialog's typed work is thrown away. A dialog
// embeds it, calls answer first in its Update and shows question while
// asking.
type discardGuard struct {
	ask, gone bool
}

func (g *discardGuard) asking() bool       { return g.ask }
func (g *discardGuard) askDiscard(on bool) { g.ask = on }
func (g *discardGuard) discarded() bool    { return g.gone }

// answer takes the reply to the question; it reports whether msg was
// taken (every key is, while the question is asked).
func (g *discardGuard) answer(msg tea.KeyMsg) bool {
	if !g.ask {
		return false
	}
	switch {
	case msg.Type == tea.KeyEnter, msg.Type == tea.KeyRunes && len(msg.Runes) > 0 && (msg.Runes[0] == 'y' || msg.Runes[0] == 'Y'):
		g.ask, g.gone = false, true
	case msg.Type == tea.KeyEsc, msg.Type == tea.KeyRunes && len(msg.Runes) > 0 && (msg.Runes[0] == 'n' || msg.Runes[0] == 'N'):
		g.ask = false
	}
	return true
}

// question is the footer a dialog shows while it asks.
func (g *discardGuard) question(st Styles) string {
	return st.NotDone.Render("Discard what you typed?") + st.Muted.Render(" y/enter discard · n/esc keep editing · ctrl+c quit")
}
