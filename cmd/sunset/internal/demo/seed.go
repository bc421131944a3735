package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
	"github.com/sunset-tui/sunset/scan"
)

// refs are what the seed made that the guide and tests name.
type refs struct {
	// vendorMapping is the contractor's expired remote desktop mapping.
	vendorMapping inventory.PortMapping
	// closedMapping is the mapping of the device ready to retire.
	closedMapping inventory.PortMapping
	// forgottenRetired is when the forgotten server was retired.
	forgottenRetired time.Time
}

// seed writes the demo inventory and its policy through the service, as
// an admin would have over the years: the clock is moved back to the
// moment of each action, then handed back to real time. Every action goes
// through the service's guards; the devices retired by the book were
// proven dark by a check of their day.
func seed(ctx context.Context, svc *service.Service, clk *seedClock, nw network) (refs, error) {
	s := &seeder{ctx: ctx, svc: svc, clk: clk, nw: nw, now: clk.real(), ids: map[string]int64{}}
	defer clk.reset()
	for _, kv := range nw.policy() {
		if err := svc.SetPolicy(ctx, kv[0], kv[1]); err != nil {
			return s.refs, err
		}
	}
	for _, d := range catalog() {
		life := d.life
		if life == nil {
			life = inService
		}
		if err := life(s, d); err != nil {
			return s.refs, fmt.Errorf("%s: %w", d.Tag, err)
		}
	}
	return s.refs, nil
}

// seeder writes the demo's history through the service, setting the clock
// before each action.
type seeder struct {
	ctx  context.Context
	svc  *service.Service
	clk  *seedClock
	nw   network
	now  time.Time
	ids  map[string]int64
	refs refs
	// minute varies the minutes of the seeded times, so they do not all
	// read as whole hours.
	minute int
}

// at sets the clock to hour o'clock, daysAgo days before now, and returns
// that time.
func (s *seeder) at(daysAgo, hour int) time.Time {
	y, m, d := s.now.Date()
	s.minute = (s.minute + 17) % 60
	t := time.Date(y, m, d-daysAgo, hour, s.minute, 0, 0, s.now.Location())
	if !t.Before(s.now) {
		t = s.now.Add(-time.Minute)
	}
	s.clk.set(t)
	return t
}

// date is the day daysAgo days before now; negative means in the future.
func (s *seeder) date(daysAgo int) inventory.Date {
	return inventory.DateOf(s.now.AddDate(0, 0, -daysAgo))
}

// addresses are the device's IP (and MAC and DNS name) in this lab.
func (s *seeder) addresses(d device) []inventory.Address {
	if d.octet == 0 {
		return nil
	}
	out := []inventory.Address{{Kind: inventory.AddrIP, Value: s.nw.addr(d.octet, d.dark).String(), Primary: true}}
	if d.oui != "" {
		out = append(out, inventory.Address{Kind: inventory.AddrMAC, Value: mac(d.oui, d.octet)})
	}
	if d.Hostname != "" {
		out = append(out, inventory.Address{Kind: inventory.AddrDNS, Value: d.Hostname + ".hq.example.net"})
	}
	return out
}

// create stores a new asset at the clock's time and returns its id.
func (s *seeder) create(a inventory.Asset, reason string) (int64, error) {
	if err := s.svc.AddAsset(s.ctx, &a, reason); err != nil {
		return 0, err
	}
	s.ids[a.Tag] = a.ID
	return a.ID, nil
}

// update changes an asset daysAgo, as `sunset asset set` would.
func (s *seeder) update(id int64, daysAgo int, reason string, change func(a *inventory.Asset)) error {
	s.at(daysAgo, 11)
	_, _, err := s.svc.UpdateAsset(s.ctx, service.IDRef(id), func(a *inventory.Asset) error {
		change(a)
		return nil
	}, reason)
	return err
}

// stage moves an asset daysAgo, as `sunset stage` does: through the
// guards, or over them by force with the reason.
func (s *seeder) stage(id int64, to inventory.Stage, daysAgo, hour int, reason string, force bool) (time.Time, error) {
	t := s.at(daysAgo, hour)
	_, err := s.svc.ChangeStage(s.ctx, []string{service.IDRef(id)}, lifecycle.Request{To: to, Reason: reason, Force: force})
	return t, err
}

// tick marks a checklist item done daysAgo with its evidence.
func (s *seeder) tick(id int64, item string, daysAgo int, evidence string) error {
	s.at(daysAgo, 16)
	return s.svc.Tick(s.ctx, service.IDRef(id), item, evidence)
}

// checkDark records the check of daysAgo, early afternoon, that found the
// device dark: it ticks the device's power-down item, as a live check of
// the time did.
func (s *seeder) checkDark(d device, daysAgo int) error {
	end := s.at(daysAgo, 13)
	addr := s.nw.addr(d.octet, d.dark).String()
	res := scan.Result{
		Check: inventory.Check{StartedAt: end.Add(-2 * time.Minute), EndedAt: end, Source: "live",
			Targets: []string{addr}, Ports: []int{22}, Actor: Actor},
		Observations: []inventory.Observation{{Address: addr, State: inventory.Dark, Reason: "no-response",
			SeenAt: end.Add(-time.Minute)}},
	}
	_, err := s.svc.RecordCheck(s.ctx, res)
	return err
}

// mapping records a port mapping from the firewall's outside address to
// the asset, opened daysAgo.
func (s *seeder) mapping(id int64, d device, extPort, intPort, daysAgo int, purpose, owner string, expires inventory.Date, reason string) (inventory.PortMapping, error) {
	s.at(daysAgo, 13)
	m := inventory.PortMapping{
		ExternalAddr: s.nw.addr(firewallOctet, false).String(), ExternalPort: s.nw.port(extPort),
		InternalAddr: s.nw.addr(d.octet, d.dark).String(), InternalPort: s.nw.port(intPort),
		Protocol: "tcp", Purpose: purpose, Owner: owner, OpenedOn: s.date(daysAgo), ExpiresOn: expires}
	err := s.svc.AddMapping(s.ctx, service.IDRef(id), &m, reason)
	return m, err
}

// serve buys a device, puts it into service, runs meanwhile (the events of
// its years in service) and records when it was last managed.
func (s *seeder) serve(d device, meanwhile func(id int64) error) (int64, error) {
	a := d.Asset
	a.Stage = inventory.StagePlanned
	a.Addresses = s.addresses(d)
	a.DeployedOn = s.date(d.deployed)
	if d.warranty > 0 {
		a.WarrantyEnds = a.DeployedOn.AddDays(365 * d.warranty)
	}
	if d.eolAfter > 0 {
		a.EOLOn = a.DeployedOn.AddDays(365 * d.eolAfter)
	}
	s.at(d.deployed+21, 10)
	id, err := s.create(a, "Ordered for "+d.Department)
	if err != nil {
		return 0, err
	}
	if _, err := s.stage(id, inventory.StageActive, d.deployed, 15, "Installed in "+d.Location, false); err != nil {
		return id, err
	}
	if meanwhile != nil {
		if err := meanwhile(id); err != nil {
			return id, err
		}
	}
	if d.managed > 0 {
		err = s.update(id, d.managed, managedReason(d.Kind), func(a *inventory.Asset) { a.LastManagedOn = s.date(d.managed) })
	}
	return id, err
}

// managedReason is what an admin writes when they have looked after a
// device of this kind.
func managedReason(k inventory.Kind) string {
	switch k {
	case inventory.KindSwitch, inventory.KindRouter, inventory.KindFirewall, inventory.KindAccessPoint:
		return "Firmware updated and configuration backed up"
	case inventory.KindCamera:
		return "Firmware and picture checked on the facilities walk-through"
	case inventory.KindNVR:
		return "Camera software updated"
	case inventory.KindStorage:
		return "Operating system updated, disk health checked"
	case inventory.KindPrinter, inventory.KindIoT:
		return "Firmware updated"
	}
	return "Monthly updates installed"
}
