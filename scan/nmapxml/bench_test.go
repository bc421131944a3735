package nmapxml

import (
	"encoding/xml"
	"io"
	"os"
	"testing"

	nmap "github.com/Ullaakut/nmap/v3"
)

// The benchmarks read a generated /16 sweep (65,536 hosts, about 74 MB;
// see sweepFile), each from the file on every iteration.

func benchSweep(b *testing.B) (string, sweepTruth) {
	path, truth := sweepFile(b)
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.Size())
	b.ReportAllocs()
	return path, truth
}

func BenchmarkDecodeSweep(b *testing.B) {
	path, truth := benchSweep(b)
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		sum, err := Decode(f, func(Host) error { n++; return nil })
		f.Close()
		if err != nil || n != truth.hosts || !sum.Finished {
			b.Fatalf("decoded %d hosts, err %v", n, err)
		}
	}
}

func BenchmarkDecodeObserveSweep(b *testing.B) {
	path, truth := benchSweep(b)
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		got, _, err := countLiveness(b, f)
		f.Close()
		if err != nil || got != truth {
			b.Fatalf("got %+v, want %+v, err %v", got, truth, err)
		}
	}
}

func BenchmarkSanitizerSweep(b *testing.B) {
	path, _ := benchSweep(b)
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		_, err = io.Copy(io.Discard, NewSanitizer(f))
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUllaakutParseSweep is the nmap library's Parse: the whole file
// read, then unmarshalled at once.
func BenchmarkUllaakutParseSweep(b *testing.B) {
	path, truth := benchSweep(b)
	for b.Loop() {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		var run nmap.Run
		if err := nmap.Parse(data, &run); err != nil || len(run.Hosts) != truth.hosts {
			b.Fatalf("%d hosts, err %v", len(run.Hosts), err)
		}
	}
}

// BenchmarkEncodingXMLHostByHostSweep streams with encoding/xml, decoding
// each <host> into the nmap library's Host struct as it comes.
func BenchmarkEncodingXMLHostByHostSweep(b *testing.B) {
	path, truth := benchSweep(b)
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		d := xml.NewDecoder(f)
		n := 0
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "host" {
				var h nmap.Host
				if err := d.DecodeElement(&h, &se); err != nil {
					b.Fatal(err)
				}
				n++
			}
		}
		f.Close()
		if n != truth.hosts {
			b.Fatalf("%d hosts", n)
		}
	}
}
