// Package service is the one place where sunset acts on the inventory and
// judges it. Every action a person, a check or an import takes (a stage
// change, a tick, a sanitization record, a port mapping closed, an unknown
// device adopted or dismissed, a check stored with the checklist items it
// proves, an import) is one method and one store transaction; every
// judgement (the facts and evidence about an asset, the findings, what is
// due, the report) is read through one evidence loader. The command line
// and the TUI call it and never write to the store or load evidence
// themselves, so they cannot judge the same asset differently.
//
// The decisions themselves are lifecycle's, which stays pure: this package
// reads what lifecycle needs, asks it, and writes what it decides.
package service

import (
	"context"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Service acts on and judges one inventory.
type Service struct {
	store inventory.Store
	actor string
	now   func() time.Time
}

// Options adjust a Service.
type Options struct {
	// Actor is who acts, for the records that name them besides the
	// store's history (a check's actor, who ticked an item).
	Actor string
	// Now is the clock judgements and actions read; nil means time.Now.
	Now func() time.Time
}

// New returns the service of store.
func New(store inventory.Store, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Actor == "" {
		opts.Actor = "sunset"
	}
	return &Service{store: store, actor: opts.Actor, now: opts.Now}
}

// Store reads the inventory the service works on, for what is not a
// judgement (lists of assets, an asset's record, the policy). It cannot
// write: every change goes through the service's actions.
func (s *Service) Store() inventory.Reader { return readOnly{s.store} }

// readOnly hides the writing half of a store.
type readOnly struct{ inventory.Reader }

// Location names where the inventory lives (a file path, or a DSN without
// secrets).
func (s *Service) Location() string { return s.store.Location() }

// Actor is who the service acts as.
func (s *Service) Actor() string { return s.actor }

// Now reads the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// update runs fn as one store transaction.
func (s *Service) update(ctx context.Context, fn func(w inventory.Writer) error) error {
	return s.store.Update(ctx, fn)
}
