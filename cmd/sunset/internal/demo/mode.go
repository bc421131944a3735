package demo

import (
	"fmt"
	"strings"
)

// LabMode chooses where the demo's devices live.
type LabMode int

const (
	// Auto runs a namespace lab as root and a loopback lab otherwise; no
	// lab when nmap is missing.
	Auto LabMode = iota
	// Namespaces puts each device in its own network namespace on
	// 192.0.2.0/24, with no route out. Needs root and the ip tool.
	Namespaces
	// Loopback serves each device's ports on its own 127.77.0.x address.
	// Every loopback address answers, so nothing can look dark.
	Loopback
	// None runs no lab: the inventory opens, but checks are switched off.
	None
)

var labModeNames = []string{"auto", "namespaces", "loopback", "none"}

func (m LabMode) String() string {
	if m < 0 || int(m) >= len(labModeNames) {
		return fmt.Sprintf("LabMode(%d)", int(m))
	}
	return labModeNames[m]
}

// ParseLabMode reads a mode name as a --lab flag gives it.
func ParseLabMode(s string) (LabMode, error) {
	for i, name := range labModeNames {
		if strings.EqualFold(strings.TrimSpace(s), name) {
			return LabMode(i), nil
		}
	}
	return Auto, fmt.Errorf("%q is not a lab mode (want one of %s)", s, strings.Join(labModeNames, ", "))
}
