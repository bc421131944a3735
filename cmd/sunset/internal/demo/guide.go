package demo

import (
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
)

// guide is the suggested path through the dashboard for this lab, one
// step a line.
func guide(nw network, r refs) []string {
	vm := r.vendorMapping
	mapping := fmt.Sprintf("port mapping #%d (%s → %s, for the HVAC contractor)", vm.ID, vm.External(), vm.Internal())
	retired := inventory.DateOf(r.forgottenRetired)
	camera := fmt.Sprintf("%s (cctv-vms01) answers, but nobody has managed it for over a year, and it holds every camera's password: the idle camera platform (high).",
		TagCameraPlatform)
	if nw.mode == None {
		return []string{
			fmt.Sprintf("No live lab runs, so the dashboard shows what the inventory alone says: %s expired on %s and is still recorded open.", mapping, vm.ExpiresOn),
			"Install nmap (apt-get install -y nmap) and run `sunset demo` again: a check then finds the forgotten server, the idle camera platform and the open maintenance mapping.",
			fmt.Sprintf("Open %s and read its history: retired on %s by a forced override, the reason kept.", TagForgottenServer, retired),
			fmt.Sprintf("Open %s and press s to retire it: without a check nothing proves it dark, so the guard refuses and says what is missing.", TagReadyToRetire),
		}
	}
	out := []string{
		fmt.Sprintf("Before any check the dashboard knows only the inventory: %s expired on %s and is still recorded open.", mapping, vm.ExpiresOn),
		"Press c to run a live check of the lab; it takes a few seconds. Then read the findings, worst first:",
		fmt.Sprintf("%s was retired on %s by a forced override, yet it answers with remote desktop (3389) open: the forgotten server (critical).",
			TagForgottenServer, retired),
		camera,
		fmt.Sprintf("%s still answers two years after it expired: the maintenance port mapping (critical).", capitalize(mapping)),
		fmt.Sprintf("An unknown device answered at %s: adopt it as an asset, or dismiss it with a reason.", nw.addr(strangerOctet, false)),
	}
	if nw.mode == Namespaces {
		out = append(out, fmt.Sprintf("Open %s: the check found it dark and ticked its power-down and close-mapping items. "+
			"Press s and choose retired: every guard is met.", TagReadyToRetire))
	} else {
		out = append(out, fmt.Sprintf("Open %s and press s to retire it: in the loopback lab no check can prove it dark, so the guard refuses and says why.",
			TagReadyToRetire))
	}
	return append(out, fmt.Sprintf("Open %s and press s to retire it too: it still answers and has items left, and the guard lists every one.",
		TagStillRunning))
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
