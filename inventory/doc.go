// Package inventory holds sunset's domain types (Asset, Address,
// PortMapping, Check, Observation, Event, Policy, checklist items) with their
// validation, and the Store interface that every storage backend
// implements. It does no I/O of its own.
package inventory
