package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sunset-tui/sunset/inventory"
)

// Sanitization returns the asset's sanitization record, if one was made.
func (t *txn) Sanitization(ctx context.Context, assetID int64) (inventory.Sanitization, bool, error) {
	var s inventory.Sanitization
	var date, recordedAt sql.NullString
	err := t.queryRow(ctx, `SELECT asset_id, media_type, manufacturer, model, serial, method, technique, tool,
		verification, operator, date, destination, recorded_by, recorded_at FROM sanitizations WHERE asset_id = ?`, assetID).
		Scan(&s.AssetID, &s.MediaType, &s.Manufacturer, &s.Model, &s.Serial, &s.Method, &s.Technique, &s.Tool,
			&s.Verification, &s.Operator, &date, &s.Destination, &s.RecordedBy, &recordedAt)
	if err == sql.ErrNoRows {
		return inventory.Sanitization{}, false, nil
	}
	if err != nil {
		return s, false, dbError("read sanitization", err)
	}
	d := decoder{}
	s.Date = d.date("date", date)
	s.RecordedAt = d.time("recorded_at", recordedAt)
	if d.err != nil {
		return s, false, dbError("read sanitization", fmt.Errorf("asset #%d: %w", assetID, d.err))
	}
	return s, true, nil
}

// RecordSanitization validates and stores the asset's sanitization record,
// replacing an earlier one, as recorded now by the store's actor.
func (t *txn) RecordSanitization(ctx context.Context, s *inventory.Sanitization) error {
	return t.write(func() error {
		if err := s.Validate(); err != nil {
			return err
		}
		for field, v := range map[string]string{"manufacturer": s.Manufacturer, "model": s.Model, "serial": s.Serial, "tool": s.Tool} {
			if len(v) > inventory.MaxShortText {
				return inventory.FieldError(field, "longer than %d bytes", inventory.MaxShortText)
			}
		}
		now := t.clock()
		s.RecordedBy, s.RecordedAt = t.actor, now
		_, err := t.exec(ctx, `INSERT INTO sanitizations (asset_id, media_type, manufacturer, model, serial, method,
			technique, tool, verification, operator, date, destination, recorded_by, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (asset_id) DO UPDATE SET media_type = excluded.media_type, manufacturer = excluded.manufacturer,
				model = excluded.model, serial = excluded.serial, method = excluded.method, technique = excluded.technique,
				tool = excluded.tool, verification = excluded.verification, operator = excluded.operator,
				date = excluded.date, destination = excluded.destination, recorded_by = excluded.recorded_by,
				recorded_at = excluded.recorded_at`,
			s.AssetID, s.MediaType, s.Manufacturer, s.Model, s.Serial, s.Method, s.Technique, s.Tool,
			s.Verification, s.Operator, dateText(s.Date), s.Destination, s.RecordedBy, timeText(now))
		if isForeignKeyViolation(err) {
			return inventory.Errorf(inventory.ErrNotFound, "no asset #%d", s.AssetID)
		}
		if err != nil {
			return dbError("record sanitization", err)
		}
		summary := fmt.Sprintf("%s %s (%s) by %s on %s, %s", s.MediaType, s.Method, s.Technique, s.Operator, s.Date, s.Destination)
		return t.writeEvent(ctx, &inventory.Event{AssetID: s.AssetID, At: now, Action: inventory.ActionSanitized,
			Changes: []inventory.Change{{Field: "sanitization", To: summary}}})
	})
}
