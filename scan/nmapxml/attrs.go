package nmapxml

import (
	"strconv"
	"time"
)

// start takes in the attributes of an element the decoder reads.
func (d *decoder) start(kind element, attrs []attr) error {
	switch kind {
	case nmaprun:
		return d.readNmaprun(attrs)
	case host:
		return d.readHost(attrs)
	case status:
		for _, a := range attrs {
			switch string(d.sc.key(a)) {
			case "state":
				d.host.Status.State = d.common(d.sc.value(a))
			case "reason":
				d.host.Status.Reason = d.common(d.sc.value(a))
			}
		}
	case address:
		if d.full(len(d.host.Addresses), MaxAddresses) {
			return nil
		}
		var ad Address
		for _, a := range attrs {
			switch string(d.sc.key(a)) {
			case "addr":
				ad.Addr = d.capped(d.sc.value(a), MaxText, false)
			case "addrtype":
				ad.Type = d.common(d.sc.value(a))
			case "vendor":
				ad.Vendor = d.common(d.sc.value(a))
			}
		}
		d.host.Addresses = append(d.host.Addresses, ad)
	case hostname:
		if d.full(len(d.host.Hostnames), MaxHostnames) {
			return nil
		}
		var hn Hostname
		for _, a := range attrs {
			switch string(d.sc.key(a)) {
			case "name":
				hn.Name = d.capped(d.sc.value(a), MaxHostnameLen, false)
			case "type":
				hn.Type = d.common(d.sc.value(a))
			}
		}
		d.host.Hostnames = append(d.host.Hostnames, hn)
	case port:
		return d.readPort(attrs)
	case state:
		p := &d.host.Ports[len(d.host.Ports)-1]
		for _, a := range attrs {
			switch string(d.sc.key(a)) {
			case "state":
				p.State = d.common(d.sc.value(a))
			case "reason":
				p.Reason = d.common(d.sc.value(a))
			}
		}
	case service:
		sv := &d.host.Ports[len(d.host.Ports)-1].Service
		for _, a := range attrs {
			switch string(d.sc.key(a)) {
			case "name":
				sv.Name = d.common(d.sc.value(a))
			case "product":
				sv.Product = d.common(d.sc.value(a))
			case "version":
				sv.Version = d.common(d.sc.value(a))
			case "extrainfo":
				sv.ExtraInfo = d.common(d.sc.value(a))
			}
		}
	case extraports:
		if d.full(len(d.host.ExtraPorts), maxExtraPorts) {
			return nil
		}
		var ep ExtraPorts
		for _, a := range attrs {
			switch string(d.sc.key(a)) {
			case "state":
				ep.State = d.common(d.sc.value(a))
			case "count":
				n, err := d.number(a)
				if err != nil {
					return err
				}
				ep.Count = int(n)
			}
		}
		d.host.ExtraPorts = append(d.host.ExtraPorts, ep)
	case osmatch:
		if d.full(len(d.host.OS), MaxOSMatches) {
			return nil
		}
		var m OSMatch
		for _, a := range attrs {
			switch string(d.sc.key(a)) {
			case "name":
				m.Name = d.common(d.sc.value(a))
			case "accuracy":
				n, err := d.number(a)
				if err != nil {
					return err
				}
				m.Accuracy = int(n)
			}
		}
		d.host.OS = append(d.host.OS, m)
	case finished:
		return d.readFinished(attrs)
	case hostsElem:
		return d.readHostCounts(attrs)
	case taskprogress, taskend:
		return d.readTask(kind, attrs)
	}
	return nil
}

func (d *decoder) readNmaprun(attrs []attr) error {
	for _, a := range attrs {
		switch string(d.sc.key(a)) {
		case "scanner":
			d.sum.Scanner = d.text(d.sc.value(a))
		case "args":
			d.sum.Args = d.text(d.sc.value(a))
		case "version":
			d.sum.Version = d.text(d.sc.value(a))
		case "start":
			t, err := d.unixTime(a)
			if err != nil {
				return err
			}
			d.sum.Start = t
		}
	}
	return nil
}

func (d *decoder) readHost(attrs []attr) error {
	d.host = Host{
		Addresses:  d.host.Addresses[:0],
		Hostnames:  d.host.Hostnames[:0],
		Ports:      d.host.Ports[:0],
		ExtraPorts: d.host.ExtraPorts[:0],
		OS:         d.host.OS[:0],
	}
	for _, a := range attrs {
		var err error
		switch string(d.sc.key(a)) {
		case "starttime":
			d.host.StartTime, err = d.unixTime(a)
		case "endtime":
			d.host.EndTime, err = d.unixTime(a)
		case "timedout":
			d.host.TimedOut = string(d.sc.value(a)) == "true"
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) readPort(attrs []attr) error {
	d.cutBeforePort = d.cut
	var p Port
	for _, a := range attrs {
		switch string(d.sc.key(a)) {
		case "protocol":
			p.Protocol = d.capped(d.sc.value(a), maxProtocol, true)
		case "portid":
			n, err := d.number(a)
			if err != nil {
				return err
			}
			if n > 65535 {
				return d.badValue(a, "a port number")
			}
			p.ID = int(n)
		}
	}
	d.host.Ports = append(d.host.Ports, p)
	return nil
}

// endPort keeps the port just read if the host has room for it, and
// otherwise counts it, by state, among the host's ExtraPorts: a port
// left out still counts as the answer it was. It counts as one value cut,
// whatever was cut of its text.
func (d *decoder) endPort() {
	n := len(d.host.Ports)
	if n <= MaxPorts {
		return
	}
	state := d.host.Ports[n-1].State
	d.host.Ports = d.host.Ports[:n-1]
	d.cut = d.cutBeforePort + 1
	for i := range d.host.ExtraPorts {
		if d.host.ExtraPorts[i].State == state {
			d.host.ExtraPorts[i].Count++
			return
		}
	}
	if state != "" && len(d.host.ExtraPorts) < maxExtraPorts {
		d.host.ExtraPorts = append(d.host.ExtraPorts, ExtraPorts{State: state, Count: 1})
	}
}

func (d *decoder) readFinished(attrs []attr) error {
	d.sawFinished = true
	for _, a := range attrs {
		switch string(d.sc.key(a)) {
		case "time":
			t, err := d.unixTime(a)
			if err != nil {
				return err
			}
			d.sum.End = t
		case "exit":
			d.sum.ExitStatus = d.text(d.sc.value(a))
		case "errormsg":
			d.sum.ErrorMsg = d.text(d.sc.value(a))
		case "summary":
			d.sum.FinishedSummary = d.text(d.sc.value(a))
		}
	}
	return nil
}

func (d *decoder) readHostCounts(attrs []attr) error {
	for _, a := range attrs {
		var dst *int
		switch string(d.sc.key(a)) {
		case "up":
			dst = &d.sum.HostsUp
		case "down":
			dst = &d.sum.HostsDown
		case "total":
			dst = &d.sum.HostsTotal
		default:
			continue
		}
		n, err := d.number(a)
		if err != nil {
			return err
		}
		*dst = int(n)
	}
	return nil
}

func (d *decoder) readTask(kind element, attrs []attr) error {
	if d.onProgress == nil {
		return nil
	}
	p := Progress{Done: kind == taskend}
	if p.Done {
		p.Percent = 100
	}
	for _, a := range attrs {
		var err error
		switch string(d.sc.key(a)) {
		case "task":
			p.Task = d.common(d.sc.value(a))
		case "time":
			p.At, err = d.unixTime(a)
		case "etc":
			p.ETC, err = d.unixTime(a)
		case "remaining":
			var n int64
			n, err = d.number(a)
			p.Remaining = time.Duration(n) * time.Second
		case "percent":
			p.Percent, err = strconv.ParseFloat(string(d.sc.value(a)), 64)
			if err != nil {
				err = d.badValue(a, "a percentage")
			}
		}
		if err != nil {
			return err
		}
	}
	d.onProgress(p)
	return nil
}
