package nmapxml

// element names the tags the decoder reads; every other tag is other and
// skipped with whatever it contains.
type element uint8

const (
	other element = iota
	nmaprun
	host
	status
	address
	hostnames
	hostname
	ports
	port
	state
	service
	extraports
	osElem
	osmatch
	runstats
	finished
	hostsElem
	taskprogress
	taskend
)

// classify says which element a tag is, given the element it opens in:
// a <status> outside a <host> (in a <hosthint>, say) is of no interest.
func classify(name []byte, parent element, depth int) element {
	if depth == 0 {
		if string(name) == "nmaprun" {
			return nmaprun
		}
		return other
	}
	switch parent {
	case nmaprun:
		switch string(name) {
		case "host":
			return host
		case "runstats":
			return runstats
		case "taskprogress":
			return taskprogress
		case "taskend":
			return taskend
		}
	case host:
		switch string(name) {
		case "status":
			return status
		case "address":
			return address
		case "hostnames":
			return hostnames
		case "ports":
			return ports
		case "os":
			return osElem
		}
	case hostnames:
		if string(name) == "hostname" {
			return hostname
		}
	case ports:
		switch string(name) {
		case "port":
			return port
		case "extraports":
			return extraports
		}
	case port:
		switch string(name) {
		case "state":
			return state
		case "service":
			return service
		}
	case osElem:
		if string(name) == "osmatch" {
			return osmatch
		}
	case runstats:
		switch string(name) {
		case "finished":
			return finished
		case "hosts":
			return hostsElem
		}
	}
	return other
}
