package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/sunset-tui/sunset/inventory"
)

// Styles holds every style the TUI uses, named for what they mean rather
// than how they look. Colours are adaptive, so they read on light and dark
// terminals; with NO_COLOR (or an ASCII profile) only bold, faint and
// reverse remain, and every state is still told apart by text.
type Styles struct {
	App lipgloss.Style

	Title       lipgloss.Style
	Tab         lipgloss.Style
	TabActive   lipgloss.Style
	Muted       lipgloss.Style
	Label       lipgloss.Style
	Value       lipgloss.Style
	Heading     lipgloss.Style
	Link        lipgloss.Style
	LinkFocused lipgloss.Style

	TableHeader     lipgloss.Style
	TableHeaderSort lipgloss.Style
	TableCell       lipgloss.Style
	TableCursor     lipgloss.Style
	TableSelected   lipgloss.Style

	FilterPrompt lipgloss.Style
	FilterText   lipgloss.Style

	Bar      lipgloss.Style
	BarEmpty lipgloss.Style

	StatusInfo  lipgloss.Style
	StatusError lipgloss.Style
	StatusBusy  lipgloss.Style

	Dialog       lipgloss.Style
	DialogTitle  lipgloss.Style
	FieldError   lipgloss.Style
	FieldOK      lipgloss.Style
	ButtonActive lipgloss.Style
	Button       lipgloss.Style

	Done    lipgloss.Style
	NotDone lipgloss.Style

	Severity map[string]lipgloss.Style
	Stage    map[inventory.Stage]lipgloss.Style

	Help help.Styles
}

var (
	colorAccent  = lipgloss.AdaptiveColor{Light: "#B4501E", Dark: "#FF9F5A"}
	colorSubtle  = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"}
	colorFaint   = lipgloss.AdaptiveColor{Light: "#A0A0A0", Dark: "#5A5A5A"}
	colorText    = lipgloss.AdaptiveColor{Light: "#1A1A1A", Dark: "#E6E6E6"}
	colorBad     = lipgloss.AdaptiveColor{Light: "#C0001A", Dark: "#FF5F6D"}
	colorWarn    = lipgloss.AdaptiveColor{Light: "#A86400", Dark: "#FFC85A"}
	colorOK      = lipgloss.AdaptiveColor{Light: "#1E7A1E", Dark: "#6BD96B"}
	colorInfo    = lipgloss.AdaptiveColor{Light: "#1F5FAF", Dark: "#6FA8FF"}
	colorSelect  = lipgloss.AdaptiveColor{Light: "#1F5FAF", Dark: "#9CC2FF"}
	colorBorder  = lipgloss.AdaptiveColor{Light: "#B4501E", Dark: "#FF9F5A"}
	colorBarFill = lipgloss.AdaptiveColor{Light: "#B4501E", Dark: "#FF9F5A"}
)

// DefaultStyles returns sunset's styles.
func DefaultStyles() Styles {
	s := Styles{}
	s.App = lipgloss.NewStyle()
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(colorAccent)
	s.Tab = lipgloss.NewStyle().Foreground(colorSubtle).Padding(0, 1)
	s.TabActive = lipgloss.NewStyle().Bold(true).Underline(true).Foreground(colorAccent).Padding(0, 1)
	s.Muted = lipgloss.NewStyle().Foreground(colorSubtle)
	s.Label = lipgloss.NewStyle().Foreground(colorSubtle)
	s.Value = lipgloss.NewStyle().Foreground(colorText)
	s.Heading = lipgloss.NewStyle().Bold(true).Foreground(colorText)
	s.Link = lipgloss.NewStyle().Foreground(colorInfo)
	s.LinkFocused = lipgloss.NewStyle().Reverse(true).Bold(true)

	s.TableHeader = lipgloss.NewStyle().Bold(true).Foreground(colorSubtle)
	s.TableHeaderSort = lipgloss.NewStyle().Bold(true).Foreground(colorAccent)
	s.TableCell = lipgloss.NewStyle()
	s.TableCursor = lipgloss.NewStyle().Reverse(true)
	s.TableSelected = lipgloss.NewStyle().Bold(true).Foreground(colorSelect)

	s.FilterPrompt = lipgloss.NewStyle().Bold(true).Foreground(colorAccent)
	s.FilterText = lipgloss.NewStyle().Foreground(colorText)

	s.Bar = lipgloss.NewStyle().Foreground(colorBarFill)
	s.BarEmpty = lipgloss.NewStyle().Foreground(colorFaint)

	s.StatusInfo = lipgloss.NewStyle().Foreground(colorSubtle)
	s.StatusError = lipgloss.NewStyle().Bold(true).Foreground(colorBad)
	s.StatusBusy = lipgloss.NewStyle().Foreground(colorInfo)

	s.Dialog = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(colorBorder).Padding(0, 1)
	s.DialogTitle = lipgloss.NewStyle().Bold(true).Foreground(colorAccent)
	s.FieldError = lipgloss.NewStyle().Foreground(colorBad)
	s.FieldOK = lipgloss.NewStyle().Foreground(colorOK)
	s.ButtonActive = lipgloss.NewStyle().Reverse(true).Bold(true).Padding(0, 1)
	s.Button = lipgloss.NewStyle().Foreground(colorSubtle).Padding(0, 1)

	s.Done = lipgloss.NewStyle().Foreground(colorOK)
	s.NotDone = lipgloss.NewStyle().Foreground(colorWarn)

	s.Severity = map[string]lipgloss.Style{
		"critical": lipgloss.NewStyle().Bold(true).Foreground(colorBad),
		"high":     lipgloss.NewStyle().Foreground(colorBad),
		"medium":   lipgloss.NewStyle().Foreground(colorWarn),
		"low":      lipgloss.NewStyle().Foreground(colorInfo),
	}
	s.Stage = map[inventory.Stage]lipgloss.Style{
		inventory.StagePlanned:         lipgloss.NewStyle().Foreground(colorInfo),
		inventory.StageSpare:           lipgloss.NewStyle().Foreground(colorSubtle),
		inventory.StageActive:          lipgloss.NewStyle().Foreground(colorOK),
		inventory.StageDecommissioning: lipgloss.NewStyle().Foreground(colorWarn),
		inventory.StageRetired:         lipgloss.NewStyle().Foreground(colorSubtle),
		inventory.StageDisposed:        lipgloss.NewStyle().Foreground(colorFaint),
	}

	s.Help = help.Styles{
		Ellipsis:       lipgloss.NewStyle().Foreground(colorFaint),
		ShortKey:       lipgloss.NewStyle().Foreground(colorSubtle).Bold(true),
		ShortDesc:      lipgloss.NewStyle().Foreground(colorSubtle),
		ShortSeparator: lipgloss.NewStyle().Foreground(colorFaint),
		FullKey:        lipgloss.NewStyle().Foreground(colorSubtle).Bold(true),
		FullDesc:       lipgloss.NewStyle().Foreground(colorSubtle),
		FullSeparator:  lipgloss.NewStyle().Foreground(colorFaint),
	}
	return s
}

// severityStyle returns the style of a severity, plain when unknown.
func (s Styles) severityStyle(sev string) lipgloss.Style {
	if st, ok := s.Severity[sev]; ok {
		return st
	}
	return lipgloss.NewStyle()
}

func (s Styles) stageStyle(st inventory.Stage) lipgloss.Style {
	if v, ok := s.Stage[st]; ok {
		return v
	}
	return lipgloss.NewStyle()
}
