package tui

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
)

// page is one screen. Every page is a component that draws in the size it
// was given and tells the help line which of its keys work right now.
type page interface {
	help.KeyMap
	// Update handles a message for the page, changing it in place.
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(width, height int)
	// capturesKeys is true while the page edits text (the filter box):
	// then every key goes to it and global keys such as q do not apply.
	capturesKeys() bool
}

// dialog is shown above the screens and takes every key until it closes
// (it sends closeDialogMsg, or a store write whose success closes it).
type dialog interface {
	help.KeyMap
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	// View renders the whole screen with the dialog in its middle.
	View() string
	SetSize(width, height int)
}
