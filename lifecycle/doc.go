// Package lifecycle decides what may happen to an asset and what sunset
// should warn about: the stage transitions and their guards, the end-of-life
// checklist, reminders, findings and the audit reports.
//
// Every function is pure. It takes the inventory data, what checks
// observed, the policy and the current time as arguments, and does no I/O
// and reads no clock, so the same inputs always give the same answer.
package lifecycle
