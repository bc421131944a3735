package tui

import "github.com/charmbracelet/bubbles/key"

// KeyMap holds every key the TUI answers to. Screens pick from it what
// works for them, and only those keys reach the help line.
type KeyMap struct {
	// Everywhere.
	Quit    key.Binding
	Help    key.Binding
	NextTab key.Binding
	PrevTab key.Binding
	Screen1 key.Binding
	Screen2 key.Binding
	Screen3 key.Binding
	Screen4 key.Binding
	Screen5 key.Binding
	Screen6 key.Binding
	Back    key.Binding
	Reload  key.Binding

	// Moving in lists and tables.
	Up       key.Binding
	Down     key.Binding
	Left     key.Binding
	Right    key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Open     key.Binding

	// Asset list.
	Filter      key.Binding
	ClearFilter key.Binding
	Sort        key.Binding
	SortReverse key.Binding
	PrevStage   key.Binding
	NextStage   key.Binding
	Select      key.Binding
	SelectAll   key.Binding

	// Actions.
	Stage       key.Binding
	NewAsset    key.Binding
	Edit        key.Binding
	Tick        key.Binding
	Untick      key.Binding
	AddMapping  key.Binding
	EditMapping key.Binding
	CloseMap    key.Binding
	Sanitize    key.Binding
	Owner       key.Binding
	Check       key.Binding
	CheckAll    key.Binding
	CancelCheck key.Binding
	Adopt       key.Binding
	Dismiss     key.Binding
	Acknowledge key.Binding
	ShowAcks    key.Binding
	Import      key.Binding

	// Dialogs.
	Submit    key.Binding
	Cancel    key.Binding
	NextField key.Binding
	PrevField key.Binding
	Force     key.Binding
}

// DefaultKeyMap returns sunset's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Quit:    key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Help:    key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "keys")),
		NextTab: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next screen")),
		PrevTab: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous screen")),
		Screen1: key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "dashboard")),
		Screen2: key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "assets")),
		Screen3: key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "findings")),
		Screen4: key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "reminders")),
		Screen5: key.NewBinding(key.WithKeys("5"), key.WithHelp("5", "unknown devices")),
		Screen6: key.NewBinding(key.WithKeys("6"), key.WithHelp("6", "policy")),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Reload:  key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "reload")),

		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Left:     key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "left")),
		Right:    key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "right")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),

		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort column")),
		SortReverse: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		PrevStage:   key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous stage tab")),
		NextStage:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next stage tab")),
		Select:      key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "select")),
		SelectAll:   key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "select all shown / none")),

		Stage:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "change stage")),
		NewAsset:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new asset")),
		Edit:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Tick:        key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "tick item")),
		Untick:      key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "reopen item (untick)")),
		AddMapping:  key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "add mapping")),
		EditMapping: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit mapping")),
		CloseMap:    key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "close mapping")),
		Sanitize:    key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "sanitization record")),
		Owner:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "owner's contacts")),
		Check:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "check selected")),
		CheckAll:    key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "check everything")),
		CancelCheck: key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "cancel check")),
		Adopt:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "adopt as asset")),
		Dismiss:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "dismiss")),
		Acknowledge: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "acknowledge (accept the risk for a while)")),
		ShowAcks:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "acknowledged findings")),
		Import:      key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "import a file")),

		Submit:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		NextField: key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		PrevField: key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Force:     key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", "force (needs a reason)")),
	}
}

// helpKeys is a help.KeyMap built from the bindings a screen offers now.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }
