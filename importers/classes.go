package importers

import (
	"slices"
	"strings"
)

// A CMDB's class column (ServiceNow's sys_class_name, as the table name
// cmdb_ci_linux_server or its label Linux Server) says what a row is.
// Only devices go into sunset; the rows of other classes (software,
// services, databases, clusters, IP addresses) are skipped and counted,
// unless --classes names them.

// deviceClassPhrases are classes that are devices whatever else their
// words say, after "cmdb ci" and a custom table's "u" are taken off.
var deviceClassPhrases = []string{
	"computer", "personal computer", "pc hardware", "hardware", "server hardware", "netgear", "network gear",
	"ip phone", "phone", "wireless access point", "wap", "access point", "storage device", "storage server",
	"storage array", "disk array", "nas", "san", "san switch", "ups", "pdu", "load balancer", "lb", "mainframe",
	"kvm", "kvm switch", "camera", "facility hardware", "mobile device", "handheld", "handheld computing device",
	"tablet", "vm instance", "virtual machine instance", "vmware instance", "vmware virtual machine instance",
	"virtual machine", "firewall", "router", "switch", "printer", "thin client", "appliance",
}

// softwareClassWords mark a class that is no device even when another of
// its words names a kind: an Application Server or a Web Server is
// software, a Storage Volume part of a device.
var softwareClassWords = map[string]bool{
	"software": true, "application": true, "app": true, "appl": true, "service": true, "services": true,
	"database": true, "db": true, "instance": true, "web": true, "email": true, "mail": true, "dns": true,
	"dhcp": true, "ldap": true, "directory": true, "middleware": true, "tomcat": true, "websphere": true,
	"weblogic": true, "jboss": true, "iis": true, "apache": true, "nginx": true, "sql": true, "volume": true,
	"file": true, "filesystem": true, "share": true, "pool": true, "lun": true, "partition": true,
	"spkg": true, "package": true, "license": true, "licence": true, "cluster": true, "endpoint": true,
	"certificate": true, "process": true, "group": true, "container": true, "site": true,
	// Where devices stand is no device either: a Computer Room is a room.
	"room": true, "rack": true, "datacenter": true, "center": true, "building": true, "floor": true,
}

// deviceWords mark a class as a device when no kind is named.
var deviceWords = map[string]bool{
	"computer": true, "hardware": true, "netgear": true, "phone": true, "appliance": true, "device": true,
	"mainframe": true, "ups": true, "pdu": true, "kvm": true, "tablet": true, "handheld": true,
}

// classWords is a class as its words, without ServiceNow's table prefix.
func classWords(class string) string {
	w := normWords(class)
	for _, prefix := range []string{"cmdb ci ", "u cmdb ci ", "u "} {
		if strings.HasPrefix(w, prefix) && len(w) > len(prefix) {
			return w[len(prefix):]
		}
	}
	return w
}

// isDeviceClass reports whether a class is one of devices.
func isDeviceClass(class string) bool {
	w := classWords(class)
	padded := " " + w + " "
	for _, p := range deviceClassPhrases {
		if w == p || (strings.Contains(p, " ") && strings.Contains(padded, " "+p+" ")) {
			return true
		}
	}
	words := strings.Fields(w)
	for _, x := range words {
		if softwareClassWords[x] {
			return false
		}
	}
	if _, ok := kindOf(w); ok {
		return true
	}
	// A one-word device phrase among other words: a load balancer of a
	// make ("cmdb_ci_lb_bigip"), a mainframe's partition.
	for _, x := range words {
		if deviceWords[x] || slices.Contains(deviceClassPhrases, x) {
			return true
		}
	}
	return false
}

// classFilter chooses the classes whose rows are imported: by default
// those of devices; --classes names others (or all).
type classFilter struct {
	all     bool
	devices bool            // the device classes, with those named
	named   map[string]bool // classWords of the classes named
	// given is what --classes said, in its order, by classWords; hits
	// counts the rows each class named there matched (all and devices
	// included), so that a name no row matched can be told.
	given []string
	spelt map[string]string // classWords → as given
	hits  map[string]int
}

// newClassFilter reads --classes: class names (any spelling: the table
// name or its label), "devices" for every device class, or "all".
func newClassFilter(list []string) classFilter {
	f := classFilter{named: map[string]bool{}, spelt: map[string]string{}, hits: map[string]int{}}
	if len(list) == 0 {
		f.devices = true
		return f
	}
	for _, c := range list {
		w := classWords(c)
		switch w {
		case "":
			continue
		case "all":
			f.all = true
		case "devices", "device":
			w = "devices"
			f.devices = true
		default:
			f.named[w] = true
		}
		if _, dup := f.spelt[w]; !dup {
			f.given, f.spelt[w] = append(f.given, w), strings.TrimSpace(c)
		}
	}
	return f
}

// spelled is what --classes said, as given.
func (f classFilter) spelled() []string {
	out := make([]string, len(f.given))
	for i, w := range f.given {
		out[i] = f.spelt[w]
	}
	return out
}

// unmatched lists the classes --classes named (as given) that no row
// matched: a typo, or a class the files do not have.
func (f classFilter) unmatched() []string {
	var out []string
	for _, w := range f.given {
		if f.hits[w] == 0 {
			out = append(out, f.spelt[w])
		}
	}
	return out
}

// keeps reports whether rows of class are imported. A row without a
// class is.
func (f classFilter) keeps(class string) bool {
	if strings.TrimSpace(class) == "" {
		return true
	}
	w := classWords(class)
	if f.named[w] {
		f.hit(w)
		if f.devices && len(f.given) > 0 && isDeviceClass(class) {
			f.hit("devices")
		}
		return true
	}
	if f.all {
		f.hit("all")
		return true
	}
	if f.devices && isDeviceClass(class) {
		f.hit("devices")
		return true
	}
	return false
}

// hit counts a row that a class of --classes matched.
func (f classFilter) hit(w string) {
	if f.hits != nil && len(f.given) > 0 {
		f.hits[w]++
	}
}
