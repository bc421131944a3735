package service

import "github.com/sunset-tui/sunset/inventory"

// ChangeWatcher reports the store's committed writes, by any process, as
// they happen; nil when the store cannot (inventory/sqlite): then a
// long-running reader polls Store().Revision.
func (s *Service) ChangeWatcher() inventory.ChangeWatcher {
	w, _ := s.store.(inventory.ChangeWatcher)
	return w
}
