package reportdoc

import "testing"

func TestMDEscapeQuotesMarkupAndDropsControls(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"host-01 — Zürich", "host-01 — Zürich"},
		{"a|b", `a\|b`},
		{"`rm -rf` *now* [x](y) <b> ~~s~~ a_b c\\d", "\\`rm -rf\\` \\*now\\* \\[x\\](y) \\<b\\> \\~\\~s\\~\\~ a\\_b c\\\\d"},
		{"line\nbreak\r\ttab", "line break  tab"},
		{"bell\x07 esc\x1b[2J del\x7f", "bell esc\\[2J del"},
		{"Zürich\xffend", "Zürich\uFFFDend"},
		{"東京|", "東京\\|"},
		{"", ""},
	} {
		if got := mdEscape(c.in); got != c.want {
			t.Errorf("mdEscape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
