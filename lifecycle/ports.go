package lifecycle

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// riskyServices are the services that must never be reachable from another
// network without an end date: remote desktops and shells that hand over
// the whole machine, and file sharing.
var riskyServices = []string{"rdp", "vnc", "telnet", "smb"}

// RiskyPort names the risky service usually found on a port: RDP 3389,
// VNC 5900-5909, telnet 23, SMB 445 and 139.
func RiskyPort(port int) (service string, ok bool) {
	switch {
	case port == 3389:
		return "rdp", true
	case port >= 5900 && port <= 5909:
		return "vnc", true
	case port == 23:
		return "telnet", true
	case port == 445 || port == 139:
		return "smb", true
	}
	return "", false
}

// wellKnown names the ports sunset probes by default when nmap did not.
var wellKnown = map[int]string{
	21: "ftp", 22: "ssh", 23: "telnet", 80: "http", 135: "msrpc", 139: "smb", 443: "https",
	445: "smb", 554: "rtsp", 1433: "mssql", 1521: "oracle", 3306: "mysql", 3389: "rdp",
	5432: "postgresql", 5985: "winrm", 5986: "winrm", 6379: "redis", 8000: "http",
	8080: "http", 8443: "https", 9200: "elasticsearch", 27017: "mongodb",
}

// nmapNames maps nmap's service names to the names admins use.
var nmapNames = map[string]string{
	"ms-wbt-server": "rdp", "microsoft-ds": "smb", "netbios-ssn": "smb",
	"vnc-1": "vnc", "vnc-2": "vnc", "vnc-3": "vnc", "vnc-http": "vnc",
	"ms-sql-s": "mssql", "http-alt": "http", "https-alt": "https", "http-proxy": "http",
	"wsman": "winrm", "wsmans": "winrm", "ssl/http": "https",
}

// ServiceName is the name of the service on a port: nmap's, in the words
// admins use, or the port's usual service when nmap gave none.
func ServiceName(p inventory.Port) string {
	name := strings.ToLower(p.Service)
	if alias, ok := nmapNames[name]; ok {
		return alias
	}
	if name != "" {
		return name
	}
	if p.Number >= 5900 && p.Number <= 5909 {
		return "vnc"
	}
	return wellKnown[p.Number]
}

// PortLabel writes a port as "3389/rdp", or "3389/tcp" when the service is
// not known.
func PortLabel(p inventory.Port) string {
	if name := ServiceName(p); name != "" {
		return strconv.Itoa(p.Number) + "/" + name
	}
	return strconv.Itoa(p.Number) + "/" + protocolOf(p.Protocol)
}

// IsRisky reports whether a port exposes RDP, VNC, telnet or SMB, by its
// number or by the service nmap found on it.
func IsRisky(p inventory.Port) bool {
	if _, ok := RiskyPort(p.Number); ok {
		return true
	}
	return slices.Contains(riskyServices, ServiceName(p))
}

// maxListedPorts keeps summaries to one readable sentence.
const maxListedPorts = 6

// formatPorts lists ports risky first, then by number: "3389/rdp, 22/ssh".
func formatPorts(ports []inventory.Port) string {
	ps := slices.Clone(ports)
	slices.SortStableFunc(ps, func(a, b inventory.Port) int {
		if ra, rb := IsRisky(a), IsRisky(b); ra != rb {
			if ra {
				return -1
			}
			return 1
		}
		return a.Number - b.Number
	})
	var labels []string
	for i, p := range ps {
		if i == maxListedPorts {
			labels = append(labels, fmt.Sprintf("%d more", len(ps)-i))
			break
		}
		labels = append(labels, PortLabel(p))
	}
	return strings.Join(labels, ", ")
}

// riskyNames lists the distinct risky services among ports, in order.
func riskyNames(ports []inventory.Port) []string {
	var out []string
	for _, p := range ports {
		if !IsRisky(p) {
			continue
		}
		name := ServiceName(p)
		if !slices.Contains(riskyServices, name) {
			name, _ = RiskyPort(p.Number)
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// softwareSeen lists the products and versions nmap identified, for an
// admin to judge whether they are outdated: "nginx 1.10.3".
func softwareSeen(ports []inventory.Port) []string {
	var out []string
	for _, p := range ports {
		if p.Product == "" {
			continue
		}
		v := strings.TrimSpace(p.Product + " " + p.Version)
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
