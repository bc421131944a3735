package safe

import (
	"strings"
	"testing"
)

func TestTextEscapesTerminalControls(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "srv-legacy-01", "srv-legacy-01"},
		{"osc52 clipboard write", "a\x1b]52;c;ZXZpbA==\x07b", `a\x1b]52;c;ZXZpbA==\x07b`},
		{"clear screen", "x\x1b[2Jy", `x\x1b[2Jy`},
		{"bidi override", "abc\u202etxt.exe", `abc\u202etxt.exe`},
		{"c1 csi", "a\u009bb", `a\u009bb`},
		{"newline and tab", "a\nb\tc", `a\x0ab\x09c`},
		{"invalid utf8", "a\xffb", `a\xffb`},
		{"backslash stays unambiguous", `a\x1b`, `a\\x1b`},
		{"letters of any script", "Zürich-東京", "Zürich-東京"},
		{"control after a dash", "ends — soon\x1b[2J", `ends — soon\x1b[2J`},
		{"format character after letters", "Zürich\u200b", `Zürich\u200b`},
		{"invalid utf8 after letters", "東京\xe6", `東京\xe6`},
	}
	for _, c := range cases {
		if got := Text(c.in); got != c.want {
			t.Errorf("%s: Text(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

func TestTextOutputHasNoControlBytes(t *testing.T) {
	for b := 0; b < 256; b++ {
		out := Text("x" + string([]byte{byte(b)}) + "y")
		for i := 0; i < len(out); i++ {
			if out[i] < 0x20 || out[i] == 0x7f {
				t.Fatalf("byte %#x leaked through as %q", b, out)
			}
		}
	}
}

func TestWriterEscapesWhatTextEscapesButKeepsTheLayout(t *testing.T) {
	var out strings.Builder
	w := NewWriter(&out)
	in := "tag\tEVIL\x1b]52;c;ZXZpbA==\x07\u202eabc \\'quoted' ü€\n\u0085next\n"
	// Byte by byte: a character split between writes must arrive whole.
	for i := 0; i < len(in); i++ {
		if _, err := w.Write([]byte{in[i]}); err != nil {
			t.Fatal(err)
		}
	}
	want := "tag\tEVIL\\x1b]52;c;ZXZpbA==\\x07\\u202eabc \\'quoted' ü€\n\\u0085next\n"
	if out.String() != want {
		t.Errorf("got  %q\nwant %q", out.String(), want)
	}
	if w.Unwrap() != &out {
		t.Error("Unwrap does not give the terminal back")
	}
	// In one write, as in many.
	out.Reset()
	if _, err := NewWriter(&out).Write([]byte(in)); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Errorf("one write: got  %q\nwant %q", out.String(), want)
	}
	// A line with nothing to escape passes as it is, letters of any script
	// included.
	out.Reset()
	if _, err := NewWriter(&out).Write([]byte("plain ü€ → ok\t|\n")); err != nil || out.String() != "plain ü€ → ok\t|\n" {
		t.Errorf("safe line: got %q, %v", out.String(), err)
	}
}
