package inventory

import (
	"net"
	"strconv"
	"strings"
	"time"
)

// PortMapping is one exposure of an internal service to another network: a
// NAT port-forward, a firewall pinhole, a reverse proxy.
type PortMapping struct {
	ID           int64  `json:"id"`
	AssetID      int64  `json:"asset_id"`
	ExternalAddr string `json:"external_addr"`
	ExternalPort int    `json:"external_port"`
	InternalAddr string `json:"internal_addr"`
	InternalPort int    `json:"internal_port"`
	Protocol     string `json:"protocol"`
	Purpose      string `json:"purpose"`
	Owner        string `json:"owner"`
	OpenedOn     Date   `json:"opened_on"`
	ExpiresOn    Date   `json:"expires_on"`
	// ClosedAt is when someone recorded the mapping closed; zero while open.
	ClosedAt       time.Time `json:"closed_at,omitzero"`
	ClosedEvidence string    `json:"closed_evidence"`
}

// Open reports whether the mapping has not been recorded closed.
func (m PortMapping) Open() bool { return m.ClosedAt.IsZero() }

// External is "addr:port" of the exposed side.
func (m PortMapping) External() string {
	return net.JoinHostPort(m.ExternalAddr, strconv.Itoa(m.ExternalPort))
}

// Internal is "addr:port" of the internal side, or "" when unknown.
func (m PortMapping) Internal() string {
	if m.InternalAddr == "" {
		return ""
	}
	return net.JoinHostPort(m.InternalAddr, strconv.Itoa(m.InternalPort))
}

// Validate checks the mapping and normalises its addresses. Errors name the
// field.
func (m *PortMapping) Validate() error {
	if m.Protocol == "" {
		m.Protocol = "tcp"
	}
	m.Protocol = strings.ToLower(m.Protocol)
	if m.Protocol != "tcp" && m.Protocol != "udp" {
		return FieldError("proto", "%q is not tcp or udp", m.Protocol)
	}
	ip, err := NormalizeIP(m.ExternalAddr)
	if err != nil {
		return FieldError("external", "%v", err)
	}
	m.ExternalAddr = ip
	if err := checkPort("external", m.ExternalPort); err != nil {
		return err
	}
	if m.InternalAddr != "" {
		ip, err := NormalizeIP(m.InternalAddr)
		if err != nil {
			return FieldError("internal", "%v", err)
		}
		m.InternalAddr = ip
		if err := checkPort("internal", m.InternalPort); err != nil {
			return err
		}
	}
	for field, v := range map[string]string{"purpose": m.Purpose, "owner": m.Owner, "evidence": m.ClosedEvidence} {
		if err := checkText(field, v, MaxShortText*4); err != nil {
			return err
		}
	}
	if !m.ExpiresOn.IsZero() && !m.OpenedOn.IsZero() && m.ExpiresOn.Before(m.OpenedOn) {
		return FieldError("expires", "%s is before the mapping was opened (%s)", m.ExpiresOn, m.OpenedOn)
	}
	return nil
}

func checkPort(field string, p int) error {
	if p < 1 || p > 65535 {
		return FieldError(field, "port %d is outside 1-65535", p)
	}
	return nil
}

// ParseHostPort reads "ADDR:PORT" ("[v6]:PORT" for IPv6) for a mapping.
func ParseHostPort(field, s string) (addr string, port int, err error) {
	host, ps, err := net.SplitHostPort(s)
	if err != nil {
		return "", 0, FieldError(field, "%q is not ADDR:PORT", s)
	}
	port, err = strconv.Atoi(ps)
	if err != nil {
		return "", 0, FieldError(field, "%q: port %q is not a number", s, ps)
	}
	if err := checkPort(field, port); err != nil {
		return "", 0, err
	}
	ip, err := NormalizeIP(host)
	if err != nil {
		return "", 0, FieldError(field, "%v", err)
	}
	return ip, port, nil
}
