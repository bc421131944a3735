package importers

import (
	"net/netip"
	"strings"

	"github.com/sunset-tui/sunset/inventory"
)

// namesNoDevice reports whether a normalised address names no one device
// on the network: a MAC many devices share (sharedMAC), or an IP every
// machine has for itself (loopback, link-local, unspecified, multicast),
// which an inventory agent lists among a computer's addresses.
func namesNoDevice(ad inventory.Address) bool {
	switch ad.Kind {
	case inventory.AddrMAC:
		return sharedMAC(ad.Value)
	case inventory.AddrIP:
		ip, err := netip.ParseAddr(ad.Value)
		return err == nil && (ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() || ip.IsMulticast())
	}
	return false
}

// whyNoDevice says in a few words why an address namesNoDevice.
func whyNoDevice(ad inventory.Address) string {
	if ad.Kind == inventory.AddrMAC {
		if len(ad.Value) >= 2 && strings.IndexByte("13579bdf", ad.Value[1]) >= 0 {
			return ad.Value + " multicast"
		}
		return ad.Value + " shared by many devices"
	}
	ip, err := netip.ParseAddr(ad.Value)
	switch {
	case err != nil:
		return ad.Value
	case ip.IsLoopback():
		return ad.Value + " loopback"
	case ip.IsLinkLocalUnicast():
		return ad.Value + " link-local"
	case ip.IsMulticast():
		return ad.Value + " multicast"
	}
	return ad.Value + " unspecified"
}

// An inventory tool lists every network adapter of a computer (GLPI's
// "Composants - Adresse MAC"), virtual ones included, and some of those
// have the same MAC on every computer: VPN clients' and hypervisors' host
// adapters, Windows' WAN miniports and loopback. A router pair's virtual
// router MAC (VRRP, HSRP, GLBP) moves between routers, and a multicast
// MAC is no adapter's at all. Such a MAC names no one device, and sunset
// keeps each MAC to one asset, so an import keeps it as an imported
// column instead of an address: a file of a hundred laptops with the same
// VPN adapter is a hundred devices, not a hundred conflicts.

// sharedMACs are the MACs, by prefix (as inventory.NormalizeMAC writes
// them), that are the same on many devices.
var sharedMACs = []string{
	"00:05:9a:3c:7a:00", // Cisco AnyConnect virtual adapter
	"00:50:56:c0:00:",   // VMware Workstation host adapters (VMnet1, VMnet8)
	"0a:00:27:00:00:",   // VirtualBox host-only adapters
	"02:00:4c:4f:4f:50", // Microsoft and Npcap loopback adapters
	"20:41:53:59:4e:ff", // Windows RAS async adapter
	"50:50:54:50:30:30", // Windows WAN miniport (PPTP)
	"00:53:45:00:00:00", // Windows WAN miniport (IP)
	"00:00:5e:00:01:",   // VRRP virtual router (IPv4)
	"00:00:5e:00:02:",   // VRRP virtual router (IPv6)
	"00:00:0c:07:ac:",   // HSRP version 1
	"00:00:0c:9f:f",     // HSRP version 2
	"00:07:b4:00:01:",   // GLBP
}

// sharedMAC reports whether a normalised MAC is one many devices share,
// or a multicast one (the low bit of its first byte set).
func sharedMAC(mac string) bool {
	if len(mac) >= 2 && strings.IndexByte("13579bdf", mac[1]) >= 0 {
		return true
	}
	for _, p := range sharedMACs {
		if strings.HasPrefix(mac, p) {
			return true
		}
	}
	return false
}
