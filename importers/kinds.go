package importers

import (
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// kindWords maps the words CMDBs use for device categories to sunset kinds.
var kindWords = map[string]inventory.Kind{
	"server": inventory.KindServer, "servers": inventory.KindServer, "srv": inventory.KindServer,
	"vm": inventory.KindServer, "virtual machine": inventory.KindServer, "hypervisor": inventory.KindServer,
	"blade":       inventory.KindServer,
	"workstation": inventory.KindWorkstation, "workstations": inventory.KindWorkstation, "desktop": inventory.KindWorkstation,
	"desktops": inventory.KindWorkstation, "pc": inventory.KindWorkstation, "computer": inventory.KindWorkstation,
	"computers": inventory.KindWorkstation, "thin client": inventory.KindWorkstation,
	"laptop": inventory.KindLaptop, "laptops": inventory.KindLaptop, "notebook": inventory.KindLaptop, "notebooks": inventory.KindLaptop,
	"switch": inventory.KindSwitch, "switches": inventory.KindSwitch,
	"router": inventory.KindRouter, "routers": inventory.KindRouter,
	"firewall": inventory.KindFirewall, "firewalls": inventory.KindFirewall, "utm": inventory.KindFirewall,
	"access point": inventory.KindAccessPoint, "access points": inventory.KindAccessPoint, "ap": inventory.KindAccessPoint,
	"wap": inventory.KindAccessPoint, "wireless access point": inventory.KindAccessPoint,
	"camera": inventory.KindCamera, "cameras": inventory.KindCamera, "ip camera": inventory.KindCamera, "cctv": inventory.KindCamera,
	"nvr": inventory.KindNVR, "dvr": inventory.KindNVR, "network video recorder": inventory.KindNVR, "video recorder": inventory.KindNVR,
	"printer": inventory.KindPrinter, "printers": inventory.KindPrinter, "mfp": inventory.KindPrinter, "multifunction printer": inventory.KindPrinter,
	"copier": inventory.KindPrinter, "plotter": inventory.KindPrinter,
	"storage": inventory.KindStorage, "nas": inventory.KindStorage, "san": inventory.KindStorage, "storage array": inventory.KindStorage,
	"disk array": inventory.KindStorage,
	"iot":        inventory.KindIoT, "sensor": inventory.KindIoT, "sensors": inventory.KindIoT, "thermostat": inventory.KindIoT,
	"other": inventory.KindOther,
	// French, as GLPI installations often name their types.
	"ordinateur": inventory.KindWorkstation, "poste de travail": inventory.KindWorkstation, "portable": inventory.KindLaptop,
	"serveur": inventory.KindServer, "imprimante": inventory.KindPrinter, "commutateur": inventory.KindSwitch,
	"routeur": inventory.KindRouter, "pare feu": inventory.KindFirewall, "caméra": inventory.KindCamera,
	"borne wifi": inventory.KindAccessPoint, "ordinateur portable": inventory.KindLaptop,
	"station de travail": inventory.KindWorkstation, "point d'accès": inventory.KindAccessPoint,
	"point d'accès wifi": inventory.KindAccessPoint, "stockage": inventory.KindStorage,
	"baie de stockage": inventory.KindStorage, "enregistreur vidéo": inventory.KindNVR,
	// German and Spanish.
	"rechner": inventory.KindWorkstation, "arbeitsplatzrechner": inventory.KindWorkstation,
	"arbeitsplatz": inventory.KindWorkstation, "drucker": inventory.KindPrinter, "kamera": inventory.KindCamera,
	"netzwerkkamera": inventory.KindCamera, "speicher": inventory.KindStorage, "zugangspunkt": inventory.KindAccessPoint,
	"servidor": inventory.KindServer, "ordenador": inventory.KindWorkstation, "computadora": inventory.KindWorkstation,
	"equipo de escritorio": inventory.KindWorkstation, "portátil": inventory.KindLaptop, "impresora": inventory.KindPrinter,
	"enrutador": inventory.KindRouter, "conmutador": inventory.KindSwitch, "cortafuegos": inventory.KindFirewall,
	"cámara": inventory.KindCamera, "punto de acceso": inventory.KindAccessPoint, "almacenamiento": inventory.KindStorage,
	// Data-centre roles (NetBox's device roles).
	"leaf": inventory.KindSwitch, "spine": inventory.KindSwitch, "tor": inventory.KindSwitch,
}

func init() {
	folded := make(map[string]inventory.Kind, len(kindWords))
	for w, k := range kindWords {
		folded[normWords(w)] = k
	}
	kindWords = folded
	for _, k := range inventory.Kinds {
		kindWords[normWords(string(k))] = k
	}
}

// kindOf reads a category such as "Core Switch", "Laptops" or
// "cmdb_ci_linux_server": the whole value if it is a known phrase, else the
// single kind its words name. ok is false when no kind, or more than one,
// is named.
func kindOf(value string) (inventory.Kind, bool) {
	w := normWords(value)
	if k, ok := kindWords[w]; ok {
		return k, true
	}
	words := strings.Fields(w)
	found := inventory.Kind("")
	for i := range words {
		for n := 3; n >= 1; n-- {
			if i+n > len(words) {
				continue
			}
			k, ok := kindWords[strings.Join(words[i:i+n], " ")]
			if !ok {
				continue
			}
			if found != "" && found != k {
				return "", false
			}
			found = k
			break
		}
	}
	return found, found != ""
}
