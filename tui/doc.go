// Package tui is sunset's terminal interface, a Bubble Tea program.
//
// Screens (tabs 1-5): the dashboard (assets by stage, open findings by
// severity, the next reminders, the last check; every number opens the
// matching list), the asset list (sortable table, stage tabs, a filter
// that narrows as you type, multi-select for bulk stage changes and
// checks), findings, reminders and unknown devices; enter opens an
// asset's detail (overview, addresses, port mappings, checklist,
// observations over time, history). Dialogs change stages through
// lifecycle's guards, tick checklist items, record sanitization, add and
// edit assets, add and close mappings, adopt or dismiss unknown devices
// and import files after a dry run.
//
// How it is built:
//   - Model routes messages to the screen showing and keeps the inventory
//     snapshot; each screen is a small component with SetSize and its own
//     help keys (page), dialogs take every key until they close (dialog).
//   - Update and View do no I/O. Every store call, clock read, file read
//     and check is a tea.Cmd returning a typed message; results carry a
//     task id and stale ones are dropped.
//   - The inventory loads in steps: the stage counts, the last check and
//     the first page of assets first, so the first screen shows real
//     numbers at once; then the rest of the assets a large page at a time
//     (the list says how much is loaded, so a filter over part of it
//     never passes for the whole); then findings and reminders. A reload
//     keeps the complete snapshot on show until the new one is complete.
//   - The store's revision is polled on a tick, so writes by another
//     process (a cron check, a second admin) show up without a restart.
//   - Only what fits is drawn: the asset table renders the visible rows,
//     the lists of findings, reminders and unknown devices their visible
//     entries.
//   - A million assets stay within a few hundred megabytes: a row keeps
//     its strings in one text that shares memory with its page of rows
//     (and across a reload with the rows before, where unchanged), and
//     the search values many rows have as one number; findings and
//     reminders, which the service hands over a chunk of assets at a
//     time, keep their texts as patterns shared by every asset they
//     differ in only by name.
//   - Every string that came from a device, a scan or an import goes
//     through tui/safe before it is drawn.
//
// Run shows the program on the terminal; New builds the model for tests.
package tui
