package demo

import (
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
)

// The assets the demo's story turns on.
const (
	// TagForgottenServer was retired months ago, by a forced override,
	// and still answers with remote desktop open (incident 1).
	TagForgottenServer = "SRV-LEGACY-01"
	// TagCameraPlatform manages the cameras and holds their passwords;
	// nobody has managed it for over a year (incident 2).
	TagCameraPlatform = "NVR-01"
	// TagMaintainedServer owns the contractor's remote desktop mapping
	// that expired two years ago and still answers (incident 3).
	TagMaintainedServer = "SRV-BMS-01"
	// TagReadyToRetire is being decommissioned properly: powered down,
	// its mapping closed, every evidence item done. One check proves it
	// dark, and then it may be retired.
	TagReadyToRetire = "SRV-HR-02"
	// TagStillRunning is being decommissioned but still answers, with
	// items left to do: the retire guard refuses it.
	TagStillRunning = "SRV-MAIL-01"
)

// Well-known last octets of the demo's addresses.
const (
	scannerOctet  = 1
	firewallOctet = 2
	strangerOctet = 99
)

// stranger is the device the inventory does not know: a single-board
// computer someone plugged in under a desk.
var stranger = labDevice{name: "stranger", octet: strangerOctet, mac: mac(ouiRaspberryPi, strangerOctet), ports: []int{22, 8080}}

// MAC address prefixes of the vendors in the demo, so that nmap names the
// maker of each network card it sees.
const (
	ouiDell        = "00:14:22"
	ouiDell2       = "00:26:b9"
	ouiHP          = "3c:d9:2b"
	ouiHPE         = "9c:8e:99"
	ouiCisco       = "00:1b:54"
	ouiCisco2      = "e8:ed:f3"
	ouiFortinet    = "00:09:0f"
	ouiUbiquiti    = "24:a4:3c"
	ouiSynology    = "00:11:32"
	ouiAxis        = "00:40:8c"
	ouiHikvision   = "44:19:b6"
	ouiBrother     = "00:1b:a9"
	ouiIntel       = "00:1e:67"
	ouiAPC         = "00:c0:b7"
	ouiIEEE        = "00:50:c2"
	ouiRaspberryPi = "dc:a6:32"
)

// mac is the MAC address of the demo device with this last octet.
func mac(oui string, octet int) string { return fmt.Sprintf("%s:5e:00:%02x", oui, octet) }

// People and places of the demo organisation.
const (
	priya  = "Priya Natarajan"
	marco  = "Marco Rossi"
	aisha  = "Aisha Khan"
	tom    = "Tom Becker"
	lena   = "Lena Fischer"
	jonas  = "Jonas Berg"
	sofia  = "Sofia Martins"
	david  = "David Okafor"
	itInfr = "IT Infrastructure"
	itSec  = "IT Security"
	facil  = "Facilities"
	hr     = "HR"
	fin    = "Finance"
	office = "Office"
	dev    = "Development"

	rack1     = "HQ server room B1, rack 1"
	rack2     = "HQ server room B1, rack 2"
	rack3     = "HQ server room B1, rack 3"
	rack4     = "HQ server room B1, rack 4"
	floor2    = "HQ 2nd floor, comms cupboard"
	spares    = "HQ store room B2, spares shelf"
	scrapCage = "HQ store room B2, disposal cage"
)

// device is one asset of the demo: its record, where it lives in the lab,
// and the life it has had.
type device struct {
	inventory.Asset
	// octet is the last octet of its address; 0 when none is recorded.
	octet int
	// oui is the first half of its MAC; empty when none is recorded.
	oui string
	// ports are what it serves in the lab.
	ports []int
	// dark: it has an address but must not answer.
	dark bool
	// deployed is how many days ago it went into service.
	deployed int
	// warranty is how many years of warranty came with it.
	warranty int
	// eolAfter is how many years after deployment its vendor support ends.
	eolAfter int
	// managed is how many days ago someone last managed it; 0 when never
	// recorded.
	managed int
	// life writes its history; nil means bought, deployed, managed.
	life func(s *seeder, d device) error
}

func asset(tag, hostname string, kind inventory.Kind, vendor, model, serial, owner, dept, location string) inventory.Asset {
	return inventory.Asset{Tag: tag, Hostname: hostname, Kind: kind, Vendor: vendor, Model: model, Serial: serial,
		Owner: owner, Department: dept, Location: location, Approved: true, Classification: "internal"}
}

// catalog lists every asset of the demo, 36 of them, in every stage.
func catalog() []device {
	return []device{
		// In service, healthy: owned, managed lately, answering.
		{Asset: withOS(asset("SCAN-01", "sunset-audit01", inventory.KindWorkstation, "Dell", "OptiPlex 7090", "4KD8WQ3", priya, itSec, rack1),
			"Ubuntu", "24.04 LTS", "Runs sunset's checks of the network."), octet: scannerOctet, deployed: 400, warranty: 3, eolAfter: 6, managed: 7},
		{Asset: asset("FW-EDGE-01", "fw-edge01", inventory.KindFirewall, "Fortinet", "FortiGate 60F", "FGT60FTK21009482", aisha, itInfr, rack1),
			octet: firewallOctet, oui: ouiFortinet, ports: []int{443, 2222, 3389}, deployed: 1400, warranty: 5, eolAfter: 7, managed: 12},
		{Asset: asset("RTR-WAN-01", "rtr-wan01", inventory.KindRouter, "Cisco", "ISR 1111-8P", "FGL2231L0QZ", aisha, itInfr, rack1),
			octet: 3, oui: ouiCisco, ports: []int{22, 443}, deployed: 1500, warranty: 5, eolAfter: 8, managed: 20},
		{Asset: asset("SW-CORE-01", "sw-core01", inventory.KindSwitch, "Cisco", "Catalyst 9300-48P", "FOC2418X1AB", aisha, itInfr, rack1),
			octet: 4, oui: ouiCisco2, ports: []int{22, 443}, deployed: 1800, warranty: 5, eolAfter: 9, managed: 15},
		{Asset: asset("SW-ACC-02", "sw-acc02", inventory.KindSwitch, "HPE", "Aruba 2930F-24G", "CN93KP20TZ", aisha, itInfr, floor2),
			octet: 5, oui: ouiHPE, ports: []int{22, 80}, deployed: 1100, warranty: 5, eolAfter: 8, managed: 33},
		{Asset: asset("AP-OFFICE-01", "ap-office01", inventory.KindAccessPoint, "Ubiquiti", "U6-Pro", "F4E2C6A1B2D3", aisha, itInfr, "HQ 1st floor, open office ceiling"),
			octet: 6, oui: ouiUbiquiti, ports: []int{22, 443}, deployed: 600, warranty: 2, managed: 41},
		{Asset: holds(withOS(asset("SRV-DC-01", "dc01", inventory.KindServer, "Dell", "PowerEdge R650", "8ZQ4LM3", marco, itInfr, rack2),
			"Windows Server", "2022", "Domain controller."), "vault://it/active-directory/service-accounts"),
			octet: 10, oui: ouiDell, ports: []int{445, 3389}, deployed: 900, warranty: 5, eolAfter: 7, managed: 5, life: ownerHandedOver},
		{Asset: data(withOS(asset("SRV-FILE-01", "files01", inventory.KindServer, "Dell", "PowerEdge R550", "3JH7PQ2", marco, itInfr, rack2),
			"Windows Server", "2022", "Department shares.")),
			octet: 11, oui: ouiDell, ports: []int{445}, deployed: 850, warranty: 5, eolAfter: 7, managed: 9},
		{Asset: withOS(asset("SRV-WEB-01", "www01", inventory.KindServer, "Dell", "PowerEdge R450", "9TR2KD4", david, dev, rack3),
			"Ubuntu", "22.04 LTS", "Public website, published through FW-EDGE-01."),
			octet: 13, oui: ouiDell, ports: []int{22, 80, 443}, deployed: 700, warranty: 3, eolAfter: 6, managed: 6, life: publishedWebsite},
		{Asset: withOS(asset(TagMaintainedServer, "bms-hvac01", inventory.KindServer, "HP", "ProDesk 600 G5 (HVAC control)", "CZC0127QXL", tom, facil, "HQ basement, plant room"),
			"Windows 10 IoT Enterprise", "LTSC 2019", "Runs the building's heating and ventilation control; maintained by the HVAC contractor."),
			octet: 14, oui: ouiHP, ports: []int{80, 3389}, deployed: 1200, warranty: 3, eolAfter: 8, managed: 45, life: vendorMaintained},
		{Asset: withOS(asset("SRV-APP-02", "app02", inventory.KindServer, "Dell", "PowerEdge R450", "6PL9WD1", david, dev, rack3),
			"Ubuntu", "22.04 LTS", "Order-tracking application."),
			octet: 15, oui: ouiDell, ports: []int{22, 8080}, deployed: 650, warranty: 3, eolAfter: 6, managed: 3, life: contractorAccess},
		{Asset: data(asset("STO-NAS-01", "nas01", inventory.KindStorage, "Synology", "RackStation RS1221+", "2190PDN123456", marco, itInfr, rack2)),
			octet: 16, oui: ouiSynology, ports: []int{443, 445}, deployed: 1000, warranty: 5, eolAfter: 7, managed: 27},
		{Asset: withOS(asset("PRN-2F-01", "prn-2f01", inventory.KindPrinter, "Brother", "MFC-L8900CDW", "E78902K1N345678", sofia, office, "HQ 2nd floor, copy room"),
			"", "", ""), octet: 40, oui: ouiBrother, ports: []int{80, 443}, deployed: 800, warranty: 3, managed: 30},
		{Asset: withOS(asset("WS-RECEP-01", "ws-recep01", inventory.KindWorkstation, "HP", "EliteDesk 800 G6", "CZC1094LMN", sofia, office, "HQ reception desk"),
			"Windows 11", "23H2", ""), octet: 50, oui: ouiHP, ports: []int{445}, deployed: 500, warranty: 3, eolAfter: 5, managed: 14},
		{Asset: withOS(asset("LAP-0188", "lap-0188", inventory.KindLaptop, "Lenovo", "ThinkPad T14 Gen 3", "PF3XK2L9", lena, hr, "HQ 3rd floor, HR"),
			"Windows 11", "23H2", ""), octet: 51, oui: ouiIntel, deployed: 300, warranty: 3, eolAfter: 4, managed: 21},
		{Asset: withOS(asset("IOT-BADGE-01", "badge-ctrl01", inventory.KindIoT, "HID", "VertX EVO V1000", "V1K0058213", tom, facil, "HQ lobby, security cupboard"),
			"", "", "Door badge controller."), octet: 60, oui: ouiIEEE, ports: []int{80, 443}, deployed: 1300, warranty: 2, eolAfter: 10, managed: 50},
		{Asset: withOS(asset("UPS-B1", "ups-b1", inventory.KindIoT, "APC", "Smart-UPS SRT 3000 (AP9641 card)", "AS1937123456", marco, itInfr, rack1),
			"", "", ""), octet: 61, oui: ouiAPC, ports: []int{80, 443}, deployed: 1600, warranty: 3, managed: 80},

		// The camera platform and its cameras (incident 2).
		{Asset: holds(data(withOS(asset(TagCameraPlatform, "cctv-vms01", inventory.KindNVR, "Dell", "PowerEdge R430 (video management server)", "5GX2HJ2", tom, facil, rack4),
			"Windows Server", "2012 R2",
			"Camera management software for CAM-LOBBY-01, CAM-DOCK-02, CAM-PARK-03 and CAM-STAIR-04; its database stores every camera's admin password.")),
			"vault://facilities/cctv/camera-admin"),
			octet: 30, oui: ouiDell2, ports: []int{80, 443, 554}, deployed: 2600, warranty: 3, eolAfter: 5, managed: 420, life: movedToServerRoom},
		{Asset: camera("CAM-LOBBY-01", "cam-lobby01", "Axis", "P3265-LV", "ACCC8E1F2A01", "HQ lobby, above the entrance"),
			octet: 31, oui: ouiAxis, ports: []int{80, 554}, deployed: 1500, warranty: 5, eolAfter: 8, managed: 62},
		{Asset: camera("CAM-DOCK-02", "cam-dock02", "Axis", "Q6075-E", "ACCC8E1F2A02", "Warehouse loading dock"),
			octet: 32, oui: ouiAxis, ports: []int{80, 554}, deployed: 1500, warranty: 5, eolAfter: 8, managed: 62},
		{Asset: camera("CAM-PARK-03", "cam-park03", "Hikvision", "DS-2CD2387G2-LU", "J12345678", "Car park, north lamp post"),
			octet: 33, oui: ouiHikvision, ports: []int{80, 554}, deployed: 780, warranty: 3, eolAfter: 6, managed: 62},
		{Asset: camera("CAM-STAIR-04", "cam-stair04", "Hikvision", "DS-2CD2143G2-I", "J23456789", "HQ stairwell C"),
			octet: 34, oui: ouiHikvision, ports: []int{80, 554}, deployed: 1200, warranty: 3, eolAfter: 6, managed: 62},

		// Being decommissioned.
		{Asset: data(withOS(asset(TagStillRunning, "mail01", inventory.KindServer, "Dell", "PowerEdge R630", "7BN3RT2", marco, itInfr, rack3),
			"Windows Server", "2016", "Exchange 2016; mailboxes moved to the hosted service.")),
			octet: 21, oui: ouiDell, ports: []int{443}, deployed: 2700, warranty: 5, eolAfter: 8, managed: 25, life: mailMigration},
		{Asset: data(withOS(asset(TagReadyToRetire, "hr-portal02", inventory.KindServer, "Dell", "PowerEdge R440", "2MK8VB3", lena, hr, rack3),
			"Ubuntu", "18.04 LTS", "HR self-service portal; replaced by the HR suite's hosted portal.")),
			octet: 22, oui: ouiDell, dark: true, deployed: 2100, warranty: 5, eolAfter: 7, managed: 35, life: readyToRetire},

		// Retired: one forgotten (incident 1), two gone for real.
		{Asset: data(withOS(asset(TagForgottenServer, "erp-legacy01", inventory.KindServer, "Dell", "PowerEdge R720", "CXR4TQ1", jonas, fin, rack4),
			"Windows Server", "2008 R2", "Old ERP; the ERP moved to the vendor's cloud service.")),
			octet: 20, oui: ouiDell, ports: []int{445, 3389}, deployed: 3300, warranty: 5, eolAfter: 7, managed: 160, life: forgottenServer},
		{Asset: asset("SW-OLD-07", "sw-old07", inventory.KindSwitch, "HP", "ProCurve 2610-24", "SG8290J0XY", aisha, itInfr, floor2),
			octet: 23, oui: ouiHP, dark: true, deployed: 3600, warranty: 5, eolAfter: 9, managed: 260, life: retiredProperly},
		{Asset: withOS(asset("WS-FIN-03", "ws-fin03", inventory.KindWorkstation, "HP", "EliteDesk 800 G1", "CZC4301ABC", jonas, fin, spares),
			"Windows", "7", ""), octet: 52, oui: ouiHP, dark: true, life: importedAs(inventory.StageRetired, 520)},

		// Disposed.
		{Asset: data(withOS(asset("SRV-OLD-03", "sql-old03", inventory.KindServer, "Dell", "PowerEdge R710", "HT2K9Z1", marco, itInfr, scrapCage),
			"Windows Server", "2008 R2", "Old SQL Server for the ERP.")),
			octet: 24, oui: ouiDell, dark: true, deployed: 3900, warranty: 5, eolAfter: 7, managed: 450, life: disposedWithRecord},
		{Asset: asset("PRN-OLD-02", "prn-old02", inventory.KindPrinter, "HP", "LaserJet 4250", "CNRXB12345", sofia, office, scrapCage),
			octet: 42, oui: ouiHP, dark: true, life: importedAs(inventory.StageDisposed, 610)},
		{Asset: camera("CAM-OLD-05", "cam-old05", "Axis", "M1054", "00408C9A1B2C", "Car park, north lamp post"),
			octet: 35, oui: ouiAxis, dark: true, deployed: 3000, warranty: 3, eolAfter: 7, managed: 800, life: replacedCamera},

		// In stock.
		{Asset: asset("SW-SPARE-01", "", inventory.KindSwitch, "Cisco", "Catalyst 9200L-24P", "JAE24180ABC", aisha, itInfr, spares),
			life: boughtAsSpare(200, "Cold spare for SW-ACC-02")},
		{Asset: asset("AP-SPARE-02", "", inventory.KindAccessPoint, "Ubiquiti", "U6-Lite", "F4E2C6A1C9D0", aisha, itInfr, spares),
			life: boughtAsSpare(320, "Spare for the open-office access points")},
		{Asset: withOS(asset("LAP-0157", "lap-0157", inventory.KindLaptop, "Lenovo", "ThinkPad T14 Gen 2", "PF2LM8Q1", marco, itInfr, spares),
			"Windows 11", "23H2", ""), deployed: 700, warranty: 3, eolAfter: 4, managed: 70, life: returnedByLeaver},

		// Planned.
		{Asset: asset("SRV-APP-03", "app03", inventory.KindServer, "Dell", "PowerEdge R660", "", david, dev, rack3),
			octet: 17, dark: true, life: plannedOnly(12, "Replacement for SRV-APP-02; delivery expected next month")},
		{Asset: asset("FW-EDGE-02", "fw-edge02", inventory.KindFirewall, "Fortinet", "FortiGate 60F", "", aisha, itInfr, rack1),
			life: plannedOnly(30, "Second firewall for a high-availability pair with FW-EDGE-01")},
		{Asset: asset("CAM-GATE-06", "cam-gate06", inventory.KindCamera, "Axis", "P1465-LE", "", tom, facil, "Main gate"),
			life: plannedOnly(8, "Camera for the new main gate")},
	}
}

func withOS(a inventory.Asset, os, version, notes string) inventory.Asset {
	a.OS, a.OSVersion, a.Notes = os, version, notes
	return a
}

func holds(a inventory.Asset, ref string) inventory.Asset {
	a.HoldsCredentials, a.CredentialsRef = true, ref
	return a
}

func data(a inventory.Asset) inventory.Asset {
	a.StoresData, a.Classification = true, "confidential"
	return a
}

func camera(tag, hostname, vendor, model, serial, location string) inventory.Asset {
	a := asset(tag, hostname, inventory.KindCamera, vendor, model, serial, tom, facil, location)
	a.Notes = "Managed through " + TagCameraPlatform + "."
	if tag == "CAM-OLD-05" {
		a.Notes = "Replaced by CAM-PARK-03."
	}
	return a
}

// labDevice is one device the lab runs: something that answers.
type labDevice struct {
	name  string
	octet int
	mac   string
	ports []int
}

// labDevices lists what answers in the lab: every asset with an address
// that is not meant to be dark, except the scanner, which is the lab's own
// side, and the stranger.
func labDevices() []labDevice {
	var out []labDevice
	for _, d := range catalog() {
		if d.octet == 0 || d.dark || d.octet == scannerOctet {
			continue
		}
		ld := labDevice{name: d.Tag, octet: d.octet, ports: d.ports}
		if d.oui != "" {
			ld.mac = mac(d.oui, d.octet)
		}
		out = append(out, ld)
	}
	return append(out, stranger)
}
