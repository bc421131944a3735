package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/sunset-tui/sunset/inventory"
)

// Styles holds every style the TUI uses, named for what they mean rather
// than how they look. Colours are adaptive, so they read on light and dark
// terminals; with NO_COLOR only bold, underline, faint and reverse remain,
// and every state is still told apart by text.
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

// palette is the colours of the styles. Text itself keeps the terminal's
// own colour, which reads on any background. Each other colour is
// adaptive: its light variant reads on a light background and its dark
// one on a dark background (WCAG's 4.5:1 for text, 2.5:1 for the faint
// marks of bars and separators), and the dark variant still reads (3:1)
// on a light background, since a terminal that hides its background from
// the query that picks the variant (tmux, some SSH clients) is taken for
// a dark one (TestColoursReadOnLightAndDarkBackgrounds).
type palette struct {
	accent, subtle, faint, bad, warn, ok, info, selected lipgloss.TerminalColor
}

var colours = palette{
	accent:   lipgloss.AdaptiveColor{Light: "#B4501E", Dark: "#E36B2C"},
	subtle:   lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"},
	faint:    lipgloss.AdaptiveColor{Light: "#999999", Dark: "#636363"},
	bad:      lipgloss.AdaptiveColor{Light: "#C0001A", Dark: "#F0506A"},
	warn:     lipgloss.AdaptiveColor{Light: "#A16000", Dark: "#C08000"},
	ok:       lipgloss.AdaptiveColor{Light: "#1E7A1E", Dark: "#329D32"},
	info:     lipgloss.AdaptiveColor{Light: "#1F5FAF", Dark: "#4B8ADC"},
	selected: lipgloss.AdaptiveColor{Light: "#1F5FAF", Dark: "#578BD0"},
}

// noColours is the palette of NO_COLOR: no colour at all, while bold,
// underline, reverse and faint still mark what they mark.
var noColours = palette{
	accent: lipgloss.NoColor{}, subtle: lipgloss.NoColor{}, faint: lipgloss.NoColor{}, bad: lipgloss.NoColor{},
	warn: lipgloss.NoColor{}, ok: lipgloss.NoColor{}, info: lipgloss.NoColor{}, selected: lipgloss.NoColor{},
}

// DefaultStyles returns sunset's styles.
func DefaultStyles() Styles { return newStyles(colours) }

// NoColorStyles returns sunset's styles without colour, for NO_COLOR.
func NoColorStyles() Styles { return newStyles(noColours) }

func stylesFor(o Options) Styles {
	if o.NoColor {
		return NoColorStyles()
	}
	return DefaultStyles()
}

func newStyles(c palette) Styles {
	s := Styles{}
	s.App = lipgloss.NewStyle()
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(c.accent)
	s.Tab = lipgloss.NewStyle().Foreground(c.subtle).Padding(0, 1)
	s.TabActive = lipgloss.NewStyle().Bold(true).Underline(true).Foreground(c.accent).Padding(0, 1)
	s.Muted = lipgloss.NewStyle().Foreground(c.subtle)
	s.Label = lipgloss.NewStyle().Foreground(c.subtle)
	s.Value = lipgloss.NewStyle()
	s.Heading = lipgloss.NewStyle().Bold(true)
	s.Link = lipgloss.NewStyle().Foreground(c.info).Underline(true)
	s.LinkFocused = lipgloss.NewStyle().Reverse(true).Bold(true)

	s.TableHeader = lipgloss.NewStyle().Bold(true).Foreground(c.subtle)
	s.TableHeaderSort = lipgloss.NewStyle().Bold(true).Underline(true).Foreground(c.accent)
	s.TableCell = lipgloss.NewStyle()
	s.TableCursor = lipgloss.NewStyle().Reverse(true)
	s.TableSelected = lipgloss.NewStyle().Bold(true).Foreground(c.selected)

	s.FilterPrompt = lipgloss.NewStyle().Bold(true).Foreground(c.accent)
	s.FilterText = lipgloss.NewStyle()

	s.Bar = lipgloss.NewStyle().Foreground(c.accent)
	s.BarEmpty = lipgloss.NewStyle().Foreground(c.faint)

	s.StatusInfo = lipgloss.NewStyle().Foreground(c.subtle)
	s.StatusError = lipgloss.NewStyle().Bold(true).Foreground(c.bad)
	s.StatusBusy = lipgloss.NewStyle().Foreground(c.info)

	s.Dialog = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(c.accent).Padding(0, 1)
	s.DialogTitle = lipgloss.NewStyle().Bold(true).Foreground(c.accent)
	s.FieldError = lipgloss.NewStyle().Foreground(c.bad)
	s.FieldOK = lipgloss.NewStyle().Foreground(c.ok)
	s.ButtonActive = lipgloss.NewStyle().Reverse(true).Bold(true).Padding(0, 1)
	s.Button = lipgloss.NewStyle().Foreground(c.subtle).Padding(0, 1)

	s.Done = lipgloss.NewStyle().Foreground(c.ok)
	s.NotDone = lipgloss.NewStyle().Foreground(c.warn)

	s.Severity = map[string]lipgloss.Style{
		"critical": lipgloss.NewStyle().Bold(true).Foreground(c.bad),
		"high":     lipgloss.NewStyle().Foreground(c.bad),
		"medium":   lipgloss.NewStyle().Foreground(c.warn),
		"low":      lipgloss.NewStyle().Foreground(c.info),
	}
	s.Stage = map[inventory.Stage]lipgloss.Style{
		inventory.StagePlanned:         lipgloss.NewStyle().Foreground(c.info),
		inventory.StageSpare:           lipgloss.NewStyle().Foreground(c.subtle),
		inventory.StageActive:          lipgloss.NewStyle().Foreground(c.ok),
		inventory.StageDecommissioning: lipgloss.NewStyle().Foreground(c.warn),
		inventory.StageRetired:         lipgloss.NewStyle().Foreground(c.subtle),
		inventory.StageDisposed:        lipgloss.NewStyle().Faint(true),
	}

	s.Help = help.Styles{
		Ellipsis:       lipgloss.NewStyle().Foreground(c.faint),
		ShortKey:       lipgloss.NewStyle().Foreground(c.subtle).Bold(true),
		ShortDesc:      lipgloss.NewStyle().Foreground(c.subtle),
		ShortSeparator: lipgloss.NewStyle().Foreground(c.faint),
		FullKey:        lipgloss.NewStyle().Foreground(c.subtle).Bold(true),
		FullDesc:       lipgloss.NewStyle().Foreground(c.subtle),
		FullSeparator:  lipgloss.NewStyle().Foreground(c.faint),
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
