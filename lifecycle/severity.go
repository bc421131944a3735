package lifecycle

import (
	"fmt"
	"strings"
)

// Severity says how urgent a finding is.
type Severity string

const (
	SeverityCritical Severity = "critical"
	SeverityHigh     Severity = "high"
	SeverityMedium   Severity = "medium"
	SeverityLow      Severity = "low"
)

// Severities lists the severities, worst first.
var Severities = []Severity{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow}

// ParseSeverity accepts a severity name in any case.
func ParseSeverity(s string) (Severity, error) {
	v := Severity(strings.ToLower(strings.TrimSpace(s)))
	if v.Rank() == 0 {
		return "", fmt.Errorf("%q is not a severity (want critical, high, medium or low)", s)
	}
	return v, nil
}

// Rank orders severities: critical 4, high 3, medium 2, low 1, anything
// else 0.
func (s Severity) Rank() int {
	switch s {
	case SeverityCritical:
		return 4
	case SeverityHigh:
		return 3
	case SeverityMedium:
		return 2
	case SeverityLow:
		return 1
	}
	return 0
}

// AtLeast reports whether s is as bad as min or worse.
func (s Severity) AtLeast(min Severity) bool { return s.Rank() > 0 && s.Rank() >= min.Rank() }

// Worst is the most severe of the findings, or "" when there are none.
func Worst(fs []Finding) Severity {
	var w Severity
	for _, f := range fs {
		if f.Severity.Rank() > w.Rank() {
			w = f.Severity
		}
	}
	return w
}

// CountAtLeast counts the findings at min or worse (check --fail-on).
func CountAtLeast(fs []Finding, min Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity.AtLeast(min) {
			n++
		}
	}
	return n
}
