package nmapxml

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

func addSeeds(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.xml"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil && len(b) < 32<<10 {
			f.Add(b)
		}
	}
	f.Add([]byte(plainDoc))
	f.Add([]byte(oddDoc))
	f.Add(illegalCharsDocument(2))
	f.Add(pnDocument(pnHost("192.0.2.1", tcpPort(22, "closed", "conn-refused"))))
	f.Add([]byte("<nmaprun><host><ports><port portid='1'><state state='open'/></port></ports></host>"))
}

// FuzzDecode proves that no input makes Decode panic or hand over more
// hosts than the input has <host> tags.
func FuzzDecode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		sum, err := Decode(bytes.NewReader(data), func(h Host) error {
			n++
			Observe(h, h.EndTime)
			return nil
		})
		if n != sum.Decoded {
			t.Fatalf("onHost called %d times, Decoded = %d", n, sum.Decoded)
		}
		if tags := bytes.Count(data, []byte("<host")); sum.Decoded > tags {
			t.Fatalf("Decoded %d hosts from %d <host tags", sum.Decoded, tags)
		}
		if err == nil && sum.Truncated {
			t.Fatal("Truncated without an error")
		}
		if sum.Finished && (err != nil || sum.Truncated) {
			t.Fatalf("Finished with err %v, summary %+v", err, sum)
		}
	})
}

// FuzzSanitizer proves the Sanitizer's output holds nothing XML forbids
// and that it changes nothing when it replaced nothing.
func FuzzSanitizer(f *testing.F) {
	addSeeds(f)
	f.Add([]byte("&#x1b;\x00\xff&#xD800;&#x000001b;"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := NewSanitizer(bytes.NewReader(data))
		out, err := io.ReadAll(s)
		if err != nil {
			t.Fatal(err)
		}
		if s.Replaced() == 0 && !bytes.Equal(out, data) {
			t.Fatal("output changed without a replacement")
		}
		for i := 0; i < len(out); {
			r, size := utf8.DecodeRune(out[i:])
			if r == utf8.RuneError && size == 1 || !isXMLChar(uint64(r)) {
				t.Fatalf("forbidden character %q at %d", out[i:i+size], i)
			}
			if out[i] == '&' {
				if n, illegal, _ := charRef(out[i:], true); illegal {
					t.Fatalf("forbidden reference %q left at %d", out[i:i+n], i)
				}
			}
			i += size
		}
	})
}
