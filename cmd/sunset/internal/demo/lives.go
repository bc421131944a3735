package demo

import (
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/lifecycle"
	"github.com/sunset-tui/sunset/lifecycle/service"
)

// The lives of the demo's devices: each writes one asset's history, from
// purchase to where it stands today.

// inService: bought, installed, looked after.
func inService(s *seeder, d device) error {
	_, err := s.serve(d, nil)
	return err
}

// ownerHandedOver: its first owner left and handed it over.
func ownerHandedOver(s *seeder, d device) error {
	owner := d.Owner
	d.Owner = "Peter Hall"
	_, err := s.serve(d, func(id int64) error {
		return s.update(id, 380, "Peter Hall left the company; ownership handed over", func(a *inventory.Asset) { a.Owner = owner })
	})
	return err
}

// movedToServerRoom: the camera platform (incident 2) started in the
// security office and was moved; since then nobody has looked after it.
func movedToServerRoom(s *seeder, d device) error {
	location := d.Location
	d.Location = "HQ security office"
	_, err := s.serve(d, func(id int64) error {
		return s.update(id, 1100, "Moved from the security office to the server room", func(a *inventory.Asset) { a.Location = location })
	})
	return err
}

// publishedWebsite: the website is published through the firewall for
// good, on HTTPS only, which is no finding.
func publishedWebsite(s *seeder, d device) error {
	_, err := s.serve(d, func(id int64) error {
		_, err := s.mapping(id, d, 443, 443, d.deployed-2, "Public website (HTTPS)", david, inventory.Date{},
			"Website goes live")
		return err
	})
	return err
}

// vendorMaintained: the HVAC contractor got remote desktop through the
// firewall for one maintenance visit, and nobody closed it (incident 3).
func vendorMaintained(s *seeder, d device) error {
	_, err := s.serve(d, func(id int64) error {
		m, err := s.mapping(id, d, 3389, 3389, 790, "Remote desktop for the HVAC contractor's maintenance (Polar Air Ltd)", tom,
			s.date(730), "Temporary access for the contractor's annual maintenance visit; close it after the visit")
		s.refs.vendorMapping = m
		return err
	})
	return err
}

// contractorAccess: a current, time-boxed mapping that is due soon:
// a reminder, not a finding.
func contractorAccess(s *seeder, d device) error {
	_, err := s.serve(d, func(id int64) error {
		_, err := s.mapping(id, d, 2222, 22, 10, "SSH for the contractor deploying the new release (Northwind Apps)", david,
			s.date(-21), "Contractor deploys release 4.2; access ends with the project")
		return err
	})
	return err
}

// forgottenServer: retired by a forced override before anyone proved it
// powered down, and it never was (incident 1).
func forgottenServer(s *seeder, d device) error {
	id, err := s.serve(d, nil)
	if err != nil {
		return err
	}
	steps := []func() error{
		func() error {
			_, err := s.stage(id, inventory.StageDecommissioning, 150, 10,
				"The ERP moved to the vendor's cloud service (project ERP-2025); this server is to be retired", false)
			return err
		},
		func() error {
			return s.tick(id, lifecycle.ItemBackupData, 146,
				"Final database backup on STO-NAS-01:/backups/erp-final; restore tested (ticket CHG-2144)")
		},
		func() error {
			return s.tick(id, lifecycle.ItemRemoveAccess, 141,
				"Local admin and service accounts disabled; removed from the AD group ERP-Admins (ticket CHG-2151)")
		},
		func() error {
			return s.tick(id, lifecycle.ItemRemoveServices, 139,
				"DNS record and DHCP reservation removed; monitoring and backup jobs deleted")
		},
		func() error {
			t, err := s.stage(id, inventory.StageRetired, 120, 17,
				"Forced before the power-down was verified: the ERP contract ended and the rack space is needed; "+
					"facilities will pull the plug at the next maintenance window (ticket FAC-1182)", true)
			s.refs.forgottenRetired = t
			return err
		},
	}
	return run(steps)
}

// readyToRetire: decommissioned by the book. Its data is archived, its
// access removed, its mapping closed, and it was switched off: one check
// proving it dark is all the retire guard still needs.
func readyToRetire(s *seeder, d device) error {
	var m inventory.PortMapping
	id, err := s.serve(d, func(id int64) error {
		var err error
		m, err = s.mapping(id, d, 8443, 443, 1100, "Upload portal for the payroll provider", lena, inventory.Date{},
			"The payroll provider uploads pay slips to the portal")
		return err
	})
	if err != nil {
		return err
	}
	steps := []func() error{
		func() error {
			_, err := s.stage(id, inventory.StageDecommissioning, 30, 9,
				"Replaced by the HR suite's hosted portal; this server is to be retired", false)
			return err
		},
		func() error {
			return s.tick(id, lifecycle.ItemBackupData, 27,
				"Database and uploads archived to STO-NAS-01:/archive/hr-portal; restore tested (ticket CHG-2281)")
		},
		func() error {
			return s.tick(id, lifecycle.ItemRemoveAccess, 24,
				"Accounts and SSH keys removed; removed from the AD group HR-Portal-Admins (ticket CHG-2284)")
		},
		func() error {
			return s.tick(id, lifecycle.ItemRemoveServices, 20,
				"DNS record, DHCP reservation, monitoring and backup jobs removed (ticket CHG-2286)")
		},
		func() error {
			s.at(12, 14)
			if err := s.svc.CloseMapping(s.ctx, m.ID, "Forward removed on FW-EDGE-01 (change CHG-2291)"); err != nil {
				return err
			}
			closed, err := s.svc.Store().Mapping(s.ctx, m.ID)
			s.refs.closedMapping = closed
			return err
		},
		func() error {
			return s.update(id, 10, "Switched off", func(a *inventory.Asset) {
				a.Notes += fmt.Sprintf(" Powered off and unplugged on %s; a check has yet to confirm it is dark.", s.date(10))
			})
		},
	}
	return run(steps)
}

// mailMigration: decommissioning has only begun; the server still runs.
func mailMigration(s *seeder, d device) error {
	id, err := s.serve(d, nil)
	if err != nil {
		return err
	}
	if _, err := s.stage(id, inventory.StageDecommissioning, 20, 10, "Mailboxes moved to the hosted mail service", false); err != nil {
		return err
	}
	return s.tick(id, lifecycle.ItemBackupData, 16, "Journal and mailbox exports on STO-NAS-01:/archive/mail (ticket CHG-2272)")
}

// retiredProperly: every item done, proven dark, retired without force.
func retiredProperly(s *seeder, d device) error {
	id, err := s.serve(d, nil)
	if err != nil {
		return err
	}
	return run([]func() error{
		func() error {
			_, err := s.stage(id, inventory.StageDecommissioning, 230, 10, "Ports moved to SW-CORE-01 when the floor was rewired", false)
			return err
		},
		func() error {
			return s.tick(id, lifecycle.ItemRemoveAccess, 228, "Admin account removed from the password manager")
		},
		func() error {
			return s.tick(id, lifecycle.ItemRemoveServices, 226, "Removed from monitoring and the configuration backup job")
		},
		func() error { return s.checkDark(d, 220) },
		func() error {
			_, err := s.stage(id, inventory.StageRetired, 220, 15, "Every checklist item done; a check found it dark", false)
			return err
		},
	})
}

// disposedWithRecord: retired, its disks purged with a certificate, and
// collected by the recycler.
func disposedWithRecord(s *seeder, d device) error {
	id, err := s.serve(d, nil)
	if err != nil {
		return err
	}
	rec := inventory.Sanitization{MediaType: "HDD", Manufacturer: "Seagate", Model: "ST600MM0006",
		Serial: "S0M4K2LX", Method: "purge", Technique: "degauss", Tool: "Garner HD-3WXL degausser",
		Verification: "Degausser verification card passed; drives no longer spin up", Operator: marco,
		Date: s.date(386), Destination: "recycle"}
	return run([]func() error{
		func() error {
			_, err := s.stage(id, inventory.StageDecommissioning, 420, 10, "Databases moved with the ERP to the vendor's cloud service", false)
			return err
		},
		func() error {
			return s.tick(id, lifecycle.ItemBackupData, 418, "Final backups on tape set T-2024-17, kept for 7 years")
		},
		func() error {
			return s.tick(id, lifecycle.ItemRemoveAccess, 415, "SQL logins and local accounts disabled (ticket CHG-1870)")
		},
		func() error {
			return s.tick(id, lifecycle.ItemRemoveServices, 414, "DNS record, monitoring and backup jobs removed")
		},
		func() error { return s.checkDark(d, 405) },
		func() error {
			_, err := s.stage(id, inventory.StageRetired, 405, 15, "Every checklist item done; a check found it dark", false)
			return err
		},
		func() error {
			s.at(386, 14)
			return s.svc.RecordSanitization(s.ctx, service.IDRef(id), rec) // ticks sanitize-media with it
		},
		func() error {
			return s.tick(id, lifecycle.ItemDispose, 380, "Collected by the certified recycler (waste transfer note WTN-88213)")
		},
		func() error {
			_, err := s.stage(id, inventory.StageDisposed, 380, 16, "Disks purged (certificate on file); collected by the recycler", false)
			return err
		},
	})
}

// replacedCamera: an old camera, replaced, retired and recycled.
func replacedCamera(s *seeder, d device) error {
	id, err := s.serve(d, nil)
	if err != nil {
		return err
	}
	return run([]func() error{
		func() error {
			_, err := s.stage(id, inventory.StageDecommissioning, 790, 10, "To be replaced by a 4K camera (CAM-PARK-03)", false)
			return err
		},
		func() error {
			return s.tick(id, lifecycle.ItemRemoveAccess, 781, "Removed from "+TagCameraPlatform+"; its admin password retired")
		},
		func() error {
			return s.tick(id, lifecycle.ItemRemoveServices, 780, "DHCP reservation removed")
		},
		func() error { return s.checkDark(d, 778) },
		func() error {
			_, err := s.stage(id, inventory.StageRetired, 778, 15, "Every checklist item done; a check found it dark", false)
			return err
		},
		func() error {
			return s.tick(id, lifecycle.ItemDispose, 770, "Sent to the recycler with the e-waste collection")
		},
		func() error {
			_, err := s.stage(id, inventory.StageDisposed, 770, 16, "Recycled with the e-waste collection", false)
			return err
		},
	})
}

// returnedByLeaver: a laptop back from a leaver, reimaged, on the shelf.
func returnedByLeaver(s *seeder, d device) error {
	id, err := s.serve(d, nil)
	if err != nil {
		return err
	}
	_, err = s.stage(id, inventory.StageSpare, 60, 12, "Returned by a leaver; reimaged and put on the spares shelf", false)
	return err
}

// importedAs: an asset that came in with the old spreadsheet, already in
// its final stage.
func importedAs(stage inventory.Stage, daysAgo int) func(*seeder, device) error {
	return func(s *seeder, d device) error {
		a := d.Asset
		a.Stage = stage
		a.Addresses = s.addresses(d)
		a.Source = "import:assets-2023.csv"
		s.at(daysAgo, 9)
		_, err := s.create(a, "Imported from the 2023 asset spreadsheet")
		return err
	}
}

// boughtAsSpare: ordered and kept in stock.
func boughtAsSpare(daysAgo int, reason string) func(*seeder, device) error {
	return func(s *seeder, d device) error {
		a := d.Asset
		a.Stage = inventory.StagePlanned
		s.at(daysAgo+14, 10)
		id, err := s.create(a, "Ordered for "+d.Department)
		if err != nil {
			return err
		}
		_, err = s.stage(id, inventory.StageSpare, daysAgo, 14, reason, false)
		return err
	}
}

// plannedOnly: on order or in the project plan.
func plannedOnly(daysAgo int, reason string) func(*seeder, device) error {
	return func(s *seeder, d device) error {
		a := d.Asset
		a.Stage = inventory.StagePlanned
		a.Addresses = s.addresses(d)
		s.at(daysAgo, 10)
		_, err := s.create(a, reason)
		return err
	}
}

// run runs steps in order until one fails.
func run(steps []func() error) error {
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
