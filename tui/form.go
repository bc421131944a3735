package tui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/tui/safe"
)

// formField is one text field of a form.
type formField struct {
	name  string // the inventory field name errors use
	label string
	hint  string
	input textinput.Model
	// stored is the value the field started with, and shown how it was
	// put in the input: escaped when it held control characters. While
	// the input still shows it, the field's value is stored, unchanged.
	stored, shown string
}

// form is a dialog of text fields that validates as you type: every
// change runs validate, and each problem shows under its field. enter
// saves when nothing is wrong.
type form struct {
	c      *common
	title  string
	intro  []string
	fields []formField
	focus  int
	// errs holds a problem per field name; formErr one for the whole form
	// (a store refusal).
	errs    map[string]string
	formErr string
	// validate checks the values; submit returns the store write.
	validate func(values map[string]string) map[string]string
	submit   func(values map[string]string) tea.Cmd
	// refused, when set, may take a store refusal as its own: it returns
	// what the form says of it.
	refused func(err error) (string, bool)
	busy    bool
	width   int
	height  int
	discardGuard
}

func newForm(c *common, title string) *form {
	return &form{c: c, title: title, errs: map[string]string{}}
}

// add appends a field with an initial value. A value with control
// characters or bidi overrides is shown escaped, and kept as it is unless
// the field is edited: saving a form never changes what it did not touch.
func (f *form) add(name, label, value, hint string) {
	shown := safe.Text(value)
	if shown != value {
		hint = "holds control characters, shown escaped; kept as they are unless you edit the field"
	}
	ti := textinput.New()
	ti.Prompt = ""
	ti.CharLimit = max(inventory.MaxShortText, len(shown))
	ti.SetValue(shown)
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.TextStyle = f.c.styles.Value
	if len(f.fields) == 0 {
		ti.Focus()
	}
	f.fields = append(f.fields, formField{name: name, label: label, hint: hint, input: ti, stored: value, shown: shown})
}

// rebase makes now the field's stored value: shown anew when the person
// did not edit the field, kept as typed when they did.
func (fl *formField) rebase(now string) {
	edited := fl.input.Value() != fl.shown
	fl.stored, fl.shown = now, safe.Text(now)
	if !edited {
		fl.input.SetValue(fl.shown)
	}
}

// values are what the fields hold: as stored for those not edited, as
// typed for the others.
func (f *form) values() map[string]string {
	v := make(map[string]string, len(f.fields))
	for _, fl := range f.fields {
		if typed := fl.input.Value(); typed != fl.shown {
			v[fl.name] = strings.TrimSpace(typed)
		} else {
			v[fl.name] = fl.stored
		}
	}
	return v
}

// dirty reports whether a field holds something other than it started
// with.
func (f *form) dirty() bool {
	for _, fl := range f.fields {
		if fl.input.Value() != fl.shown {
			return true
		}
	}
	return false
}

func (f *form) revalidate() {
	f.errs = map[string]string{}
	if f.validate != nil {
		if errs := f.validate(f.values()); errs != nil {
			f.errs = errs
		}
	}
}

// failed shows a store refusal in the form, which stays open.
func (f *form) failed(err error) {
	f.busy = false
	if f.refused != nil {
		if said, ok := f.refused(err); ok {
			f.formErr = said
			return
		}
	}
	var ie *inventory.Error
	if errors.As(err, &ie) && ie.Field != "" {
		for _, fl := range f.fields {
			if fl.name == ie.Field {
				f.errs[fl.name] = ie.Msg
				return
			}
		}
	}
	f.formErr = errText(err)
}

func (f *form) Init() tea.Cmd {
	f.revalidate()
	return nil
}

func (f *form) SetSize(w, h int) {
	f.width, f.height = w, h
	for i := range f.fields {
		f.fields[i].input.Width = max(dialogInnerWidth(w)-labelWidth-2, 8)
	}
}

const labelWidth = 18

func (f *form) setFocus(i int) tea.Cmd {
	f.fields[f.focus].input.Blur()
	f.focus = (i + len(f.fields)) % len(f.fields)
	return f.fields[f.focus].input.Focus()
}

func (f *form) Update(msg tea.Msg) tea.Cmd {
	k := f.c.keys
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		var cmd tea.Cmd
		f.fields[f.focus].input, cmd = f.fields[f.focus].input.Update(msg)
		return cmd
	}
	if f.answer(km) {
		return nil
	}
	switch {
	case key.Matches(km, k.Cancel):
		if f.dirty() {
			f.askDiscard(true)
			return nil
		}
		return send(closeDialogMsg{})
	case key.Matches(km, k.NextField):
		return f.setFocus(f.focus + 1)
	case key.Matches(km, k.PrevField):
		return f.setFocus(f.focus - 1)
	case key.Matches(km, k.Submit):
		f.revalidate()
		if len(f.errs) > 0 || f.busy {
			return nil
		}
		f.busy, f.formErr = true, ""
		return f.submit(f.values())
	}
	before := f.fields[f.focus].input.Value()
	var cmd tea.Cmd
	f.fields[f.focus].input, cmd = f.fields[f.focus].input.Update(cleanKey(km))
	if f.fields[f.focus].input.Value() != before {
		f.formErr = ""
		f.revalidate()
	}
	return cmd
}

func (f *form) View() string {
	st := f.c.styles
	inner := dialogInnerWidth(f.width)
	var intro []string
	for _, l := range f.intro {
		intro = append(intro, wrap(l, inner)...)
	}
	if len(intro) > 0 {
		intro = append(intro, "")
	}
	blocks := make([][]string, len(f.fields))
	for i, fl := range f.fields {
		label := st.Label.Render(fit(fl.label, labelWidth))
		if i == f.focus {
			label = st.FilterPrompt.Render(fit("› "+fl.label, labelWidth))
		}
		b := []string{label + " " + fl.input.View()}
		pad := strings.Repeat(" ", labelWidth+1)
		switch {
		case f.errs[fl.name] != "":
			b = append(b, pad+st.FieldError.Render(ansi.Truncate(f.errs[fl.name], inner-labelWidth-1, "…")))
		case i == f.focus && fl.hint != "":
			b = append(b, pad+st.Muted.Render(ansi.Truncate(fl.hint, inner-labelWidth-1, "…")))
		}
		blocks[i] = b
	}
	var tail []string
	if f.formErr != "" {
		tail = append(tail, "")
		for _, l := range wrap(f.formErr, inner) {
			tail = append(tail, st.FieldError.Render(l))
		}
	}
	lines := visibleBlocks(intro, blocks, tail, f.focus, max(f.height-4, 1))
	footer := st.Muted.Render("enter save · tab next field · esc cancel")
	switch {
	case f.asking():
		footer = f.question(st)
	case f.busy:
		footer = st.StatusBusy.Render("saving…")
	case len(f.errs) > 0:
		footer = st.FieldError.Render(itoa(len(f.errs))+" to fix") + st.Muted.Render(" · tab next field · esc cancel")
	}
	return frameDialog(st, f.width, f.height, f.title, strings.Join(lines, "\n"), footer)
}

// visibleBlocks fits intro, field blocks and tail into room lines, always
// keeping the focused block and the tail (a store error) in view; the
// intro goes first when space is short, then fields far from the focus.
func visibleBlocks(intro []string, blocks [][]string, tail []string, focus, room int) []string {
	total := len(intro) + len(tail)
	for _, b := range blocks {
		total += len(b)
	}
	if total <= room {
		out := append([]string{}, intro...)
		for _, b := range blocks {
			out = append(out, b...)
		}
		return append(out, tail...)
	}
	if len(tail) > room/2 {
		tail = tail[:room/2]
	}
	room -= len(tail)
	lo, hi := focus, focus+1
	used := len(blocks[focus])
	for {
		grew := false
		if hi < len(blocks) && used+len(blocks[hi]) <= room {
			used += len(blocks[hi])
			hi++
			grew = true
		}
		if lo > 0 && used+len(blocks[lo-1]) <= room {
			lo--
			used += len(blocks[lo])
			grew = true
		}
		if !grew {
			break
		}
	}
	var out []string
	for _, b := range blocks[lo:hi] {
		out = append(out, b...)
	}
	if len(out) > room {
		out = out[:room]
	}
	return append(out, tail...)
}

func (f *form) ShortHelp() []key.Binding {
	k := f.c.keys
	return []key.Binding{withHelp(k.Submit, "enter", "save"), k.NextField, k.Cancel}
}

func (f *form) FullHelp() [][]key.Binding {
	k := f.c.keys
	return [][]key.Binding{{withHelp(k.Submit, "enter", "save"), k.NextField, k.PrevField, k.Cancel}}
}

// cleanKey drops from typed or pasted text the characters that could
// steer the terminal when the field is drawn (bidi overrides, format
// characters); the text input itself drops the other control characters.
func cleanKey(k tea.KeyMsg) tea.KeyMsg {
	if k.Type != tea.KeyRunes {
		return k
	}
	var kept []rune
	for _, r := range k.Runes {
		if s := string(r); r == '\\' || safe.Text(s) == s {
			kept = append(kept, r)
		}
	}
	k.Runes = kept
	return k
}
