package inventory

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestPortListsNmapCanTake(t *testing.T) {
	for value, want := range map[string][]int{
		"22, 80,8000-8002": {22, 80, 8000, 8001, 8002},
		"443,22,443,20-22": {20, 21, 22, 443},
		"65535":            {65535},
		"":                 nil,
	} {
		got, err := ParsePorts(value)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ParsePorts(%q) = %v, %v; want %v", value, got, err, want)
		}
	}
	// The whole range is one range to nmap: only its writing was ever
	// the problem.
	all, err := ParsePorts("1-65535")
	if err != nil || len(all) != 65535 {
		t.Fatalf("1-65535: %d ports, %v", len(all), err)
	}
	if got := PortRanges(all); got != "1-65535" {
		t.Errorf("the full range is written %d bytes long, want 1-65535", len(got))
	}
	if err := ValidatePolicyValue("scan.ports", "1-65535"); err != nil {
		t.Errorf("the full range refused: %v", err)
	}
}

func TestPortRangesWritesRunsAsRanges(t *testing.T) {
	for _, c := range []struct {
		ports []int
		want  string
	}{
		{nil, ""},
		{[]int{22}, "22"},
		{[]int{22, 23}, "22-23"},
		{[]int{1, 2, 3, 5, 7, 8, 9, 3389}, "1-3,5,7-9,3389"},
	} {
		if got := PortRanges(c.ports); got != c.want {
			t.Errorf("PortRanges(%v) = %q, want %q", c.ports, got, c.want)
		}
	}
}

func TestPortListsNmapCannotTakeAreRefusedAtPolicySet(t *testing.T) {
	var every2nd []string
	for p := 1; p <= 4000; p += 2 {
		every2nd = append(every2nd, strconv.Itoa(p))
	}
	for _, value := range []string{
		"0", "65536", "99999999999", "80-22", "22-", "-22", "1-65536", "+22", "2 2", "22-80-90", "0x16", "ssh",
		strings.Join(every2nd, ","), // 2,000 separate ports: 9,890 bytes
	} {
		err := ValidatePolicyValue("scan.ports", value)
		if !IsKind(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "scan.ports: ") {
			t.Errorf("%.40q: want an invalid scan.ports, got %v", value, err)
		}
	}
	err := ValidatePolicyValue("scan.ports", strings.Join(every2nd, ","))
	if err == nil || !strings.Contains(err.Error(), "more than 8192") {
		t.Errorf("an over-long list: %v", err)
	}
}
