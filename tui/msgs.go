package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sunset-tui/sunset/inventory"
)

// taskID tags an asynchronous request. A result whose task is no longer
// the one the model waits for is stale and dropped.
type taskID uint64

// headMsg delivers the start of a fresh snapshot: the counts, the last
// check and the first page of rows.
type headMsg struct {
	task  taskID
	snap  *snapshot
	first rowsMsg
	err   error
}

// rowsMsg delivers the next page of rows of the snapshot being loaded.
type rowsMsg struct {
	task taskID
	page rowPage
	// next asks for the page after these rows; done is set instead when
	// there is none, and latest then holds the check recorded last and
	// what it saw of each asset.
	next   inventory.Page
	done   bool
	latest latestCheck
	err    error
}

// revisionMsg reports the store's revision, polled on a tick, or read
// to catch up (catchUp) when a watch starts or ends.
type revisionMsg struct {
	rev     int64
	err     error
	now     time.Time
	catchUp bool
}

// clockMsg carries the time from the configured clock.
type clockMsg time.Time

// detailMsg delivers one asset with everything the detail screen shows.
type detailMsg struct {
	task   taskID
	detail *assetDetail
	err    error
}

// writeDoneMsg reports the end of a store write started by the TUI.
type writeDoneMsg struct {
	what string
	err  error
}

// navigateMsg switches screens, optionally with a filter to apply.
type navigateMsg struct {
	to     screenID
	filter string
	stage  inventory.Stage
	// severity narrows the findings screen.
	severity string
}

// openAssetMsg opens an asset's detail screen.
type openAssetMsg struct{ id int64 }

// openDialogMsg shows a dialog above the current screen.
type openDialogMsg struct{ d dialog }

// closeDialogMsg removes the dialog.
type closeDialogMsg struct{}

// startCheckMsg asks to run a live check of assets (all when empty);
// confirmed once the user agreed to a large one.
type startCheckMsg struct {
	ids       []int64
	confirmed bool
}

func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
