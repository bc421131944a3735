package inventory

import "time"

// Event is one entry in an asset's history. It is written in the same
// transaction as the change it records. An asset's "created" event is kept
// with the asset itself and has no ID of its own (ID 0).
type Event struct {
	ID      int64     `json:"id"`
	AssetID int64     `json:"asset_id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	Changes []Change  `json:"changes,omitempty"`
	Reason  string    `json:"reason,omitempty"`
	// Forced marks a stage change that overrode a guard.
	Forced bool `json:"forced,omitempty"`
}

// Change is one field going from one value to another.
type Change struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// Event actions.
const (
	ActionCreated        = "created"
	ActionUpdated        = "updated"
	ActionStage          = "stage"
	ActionMappingAdded   = "mapping-added"
	ActionMappingClosed  = "mapping-closed"
	ActionMappingUpdated = "mapping-updated"
	ActionChecklist      = "checklist"
	ActionSanitized      = "sanitized"
	ActionAdopted        = "adopted"
)
