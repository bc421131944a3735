package demo

import "fmt"

// guide is the suggested path through the dashboard for this lab, one
// short step a line; the keys named are the TUI's (C checks everything, 3
// shows findings, / filters, t changes the stage).
func guide(nw network, r refs) []string {
	vm := r.vendorMapping
	mapping := fmt.Sprintf("mapping #%d (%s, HVAC contractor)", vm.ID, vm.External())
	if nw.mode == None {
		return []string{
			fmt.Sprintf("Without a live lab only the inventory speaks: %s expired on %s and is still open.", mapping, vm.ExpiresOn),
			"Install nmap (apt-get install -y nmap) and run `sunset demo` again to see live checks find the three incidents.",
			fmt.Sprintf("Press 2, / and type %s, enter twice, then press t to try retiring it — the guard lists what is missing.", TagReadyToRetire),
		}
	}
	out := []string{
		"Press C to check the lab live (a few seconds), then 3 for the findings, worst first:",
		fmt.Sprintf("%s, retired by a forced override, answers with RDP open; %s, idle for a year, holds every camera's password; %s expired %s ago and still answers.",
			TagForgottenServer, TagCameraPlatform, capitalize(mapping), "two years"),
		fmt.Sprintf("Something unknown answers at %s: press 5 to adopt or dismiss it.", nw.addr(strangerOctet, false)),
	}
	if nw.mode == Namespaces {
		out = append(out, fmt.Sprintf("Then press 2, / and type %s, enter twice: it went dark, so press t and choose retired — every guard is met.", TagReadyToRetire))
	} else {
		out = append(out, fmt.Sprintf("Press 2, / and type %s, enter twice, then press t: in the loopback lab nothing can be proven dark, so the guard refuses and says why.", TagReadyToRetire))
	}
	return out
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
