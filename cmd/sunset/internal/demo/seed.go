package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/record"
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

// seed writes the demo inventory and its policy in one transaction, with
// the clock moved back to the moment of each event, then hands the clock
// back to real time.
func seed(ctx context.Context, store inventory.Store, clk *seedClock, nw network) (refs, error) {
	s := &seeder{ctx: ctx, clk: clk, nw: nw, now: clk.real(), ids: map[string]int64{}}
	defer clk.reset()
	err := store.Update(ctx, func(w inventory.Writer) error {
		s.w = w
		for _, d := range catalog() {
			life := d.life
			if life == nil {
				life = inService
			}
			if err := life(s, d); err != nil {
				return fmt.Errorf("%s: %w", d.Tag, err)
			}
		}
		clk.reset()
		for _, kv := range nw.policy() {
			if err := w.SetPolicyValue(ctx, kv[0], kv[1]); err != nil {
				return err
			}
		}
		return nil
	})
	return s.refs, err
}

// seeder writes the demo's history through one Writer, setting the clock
// before each write.
type seeder struct {
	ctx  context.Context
	w    inventory.Writer
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
	if err := s.w.CreateAsset(s.ctx, &a, reason); err != nil {
		return 0, err
	}
	s.ids[a.Tag] = a.ID
	return a.ID, nil
}

// update changes an asset daysAgo, as `sunset asset set` would.
func (s *seeder) update(id int64, daysAgo int, reason string, change func(a *inventory.Asset)) error {
	s.at(daysAgo, 11)
	a, err := s.w.Asset(s.ctx, id)
	if err != nil {
		return err
	}
	change(&a)
	if _, err := s.w.UpdateAsset(s.ctx, &a, reason); err != nil {
		return err
	}
	return record.SyncChecklist(s.ctx, s.w, id)
}

// stage moves an asset daysAgo, as `sunset stage` does once the guard has
// spoken (forced when it was overridden).
func (s *seeder) stage(id int64, to inventory.Stage, daysAgo, hour int, reason string, forced bool) (time.Time, error) {
	t := s.at(daysAgo, hour)
	if err := s.w.SetStage(s.ctx, id, to, reason, forced); err != nil {
		return t, err
	}
	return t, record.SyncChecklist(s.ctx, s.w, id)
}

// tick marks a checklist item done daysAgo with its evidence.
func (s *seeder) tick(id int64, item string, daysAgo int, evidence string) error {
	s.at(daysAgo, 16)
	return s.w.CompleteItem(s.ctx, id, item, evidence)
}

// tickDark records a power-down that a check of the time proved, for a
// device retired long before the demo's own checks.
func (s *seeder) tickDark(id int64, d device, daysAgo int) error {
	return s.tick(id, lifecycle.ItemPowerDown, daysAgo, fmt.Sprintf("check on %s found no answer at %s",
		s.date(daysAgo), s.nw.addr(d.octet, d.dark)))
}

// mapping records a port mapping from the firewall's outside address to
// the asset, opened daysAgo.
func (s *seeder) mapping(id int64, d device, extPort, intPort, daysAgo int, purpose, owner string, expires inventory.Date, reason string) (inventory.PortMapping, error) {
	s.at(daysAgo, 13)
	m := inventory.PortMapping{AssetID: id,
		ExternalAddr: s.nw.addr(firewallOctet, false).String(), ExternalPort: s.nw.port(extPort),
		InternalAddr: s.nw.addr(d.octet, d.dark).String(), InternalPort: s.nw.port(intPort),
		Protocol: "tcp", Purpose: purpose, Owner: owner, OpenedOn: s.date(daysAgo), ExpiresOn: expires}
	if err := s.w.AddMapping(s.ctx, &m, reason); err != nil {
		return m, err
	}
	return m, record.SyncChecklist(s.ctx, s.w, id)
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
