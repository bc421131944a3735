package demo

import (
	"fmt"
	"net"
	"net/netip"
	"sync"
)

// loopbackDevice is one device of a loopback lab: an address of its own
// inside 127.0.0.0/8 and the ports it serves there.
type loopbackDevice struct {
	name  string
	addr  netip.Addr
	ports []int
}

// loopbackLab holds the listeners of a loopback lab.
type loopbackLab struct {
	listeners []net.Listener
	wg        sync.WaitGroup
	once      sync.Once
}

// startLoopbackLab listens on every device's ports. A port that cannot be
// opened (another program holds it on every address) is reported, not
// fatal: the rest of the lab still works.
func startLoopbackLab(devs []loopbackDevice) (*loopbackLab, []string) {
	lb := &loopbackLab{}
	var failures []string
	for _, dev := range devs {
		if !dev.addr.IsLoopback() {
			failures = append(failures, fmt.Sprintf("%s: %s is not a loopback address", dev.name, dev.addr))
			continue
		}
		for _, p := range dev.ports {
			ln, err := net.Listen("tcp4", netip.AddrPortFrom(dev.addr, uint16(p)).String())
			if err != nil {
				failures = append(failures, fmt.Sprintf("%s %s:%d (%v)", dev.name, dev.addr, p, err))
				continue
			}
			lb.listeners = append(lb.listeners, ln)
			lb.wg.Add(1)
			go lb.serve(ln)
		}
	}
	return lb, failures
}

// serve accepts connections and closes them at once: a port that answers
// is all a check needs.
func (lb *loopbackLab) serve(ln net.Listener) {
	defer lb.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Close()
	}
}

// close stops every listener and waits for them to finish.
func (lb *loopbackLab) close() {
	lb.once.Do(func() {
		for _, ln := range lb.listeners {
			ln.Close()
		}
		lb.wg.Wait()
	})
}
