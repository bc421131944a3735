package importers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestDatesInTheUsualForms(t *testing.T) {
	for _, tc := range []struct {
		in    string
		order DateOrder
		want  string
	}{
		{"2024-03-01", "", "2024-03-01"},
		{"2024/03/01", "", "2024-03-01"},
		{"20240301", "", "2024-03-01"},
		{"2024-03-01 10:20:30", "", "2024-03-01"},
		{"2024-03-01T23:30:00-05:00", "", "2024-03-01"},
		{"13/01/2024", "", "2024-01-13"},
		{"01/13/2024", "", "2024-01-13"},
		{"1/23/23", "", "2023-01-23"},
		{"10/27/28", "", "2028-10-27"},
		{"3/1/23", DateOrderMDY, "2023-03-01"},
		{"3/1/23", DateOrderDMY, "2023-01-03"},
		{"05/05/2024", "", "2024-05-05"}, // day and month agree
		{"01.03.2024", "", "2024-03-01"}, // dotted is day first
		{"1 Mar 2024", "", "2024-03-01"},
		{"Mar 1, 2024", "", "2024-03-01"},
		{"March 1 2024", "", "2024-03-01"},
		{"01-Mar-24", "", "2024-03-01"},
		{"Fri Mar 1, 2024", "", "2024-03-01"},
		{"2024-Mar-01", "", "2024-03-01"},
		{"3/1/2024 10:20 AM", DateOrderMDY, "2024-03-01"},
		{"12/31/99", "", "1999-12-31"},
		{"", "", ""},
	} {
		d, err := parseDate(tc.in, tc.order)
		if err != nil || d.String() != tc.want {
			t.Errorf("parseDate(%q, %q) = %s, %v; want %s", tc.in, tc.order, d, err, tc.want)
		}
	}
}

func TestBadAndAmbiguousDatesAreErrors(t *testing.T) {
	for in, want := range map[string]string{
		"3/1/23":     "ambiguous: 3 January or 1 March 2023",
		"2023-02-30": "February has no day 30",
		"31/31/2024": "not a date",
		"tomorrow":   "not a date",
		"45123":      "not a date",
		"1 2 March":  "not a date",
		"2024-13-01": "not a date",
	} {
		_, err := parseDate(in, DateOrderUnknown)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseDate(%q) error %v, want it to say %q", in, err, want)
		}
	}
}

func TestDateOrderIsReadFromTheColumn(t *testing.T) {
	for _, tc := range []struct {
		values []string
		want   DateOrder
	}{
		{[]string{"3/1/23", "1/23/23", ""}, DateOrderMDY},
		{[]string{"3/1/23", "23/1/23"}, DateOrderDMY},
		{[]string{"3/1/23", "4/2/23"}, DateOrderUnknown},
		{[]string{"23/1/23", "1/23/23"}, DateOrderUnknown},
		{[]string{"2023-01-23", "01.02.2023"}, DateOrderUnknown},
	} {
		text := "tag,eol\n"
		for i, v := range tc.values {
			text += fmt.Sprintf("T%d,%s\n", i, v)
		}
		tb, err := tableOf("d.csv", []byte(text), false)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := Options{}.settings()
		p, err := planFile(tb, csvLayout, s)
		if err != nil {
			t.Fatal(err)
		}
		if err := newBatch().read(context.Background(), p); !errors.Is(err, io.EOF) {
			t.Fatal(err)
		}
		if got := p.targets[1].order; p.targets[1].name != "eol-on" || got != tc.want {
			t.Errorf("%q: %s order %q, want %q", tc.values, p.targets[1].name, got, tc.want)
		}
	}
}
