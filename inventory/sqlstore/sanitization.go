package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"maps"

	"github.com/sunset-tui/sunset/inventory"
)

// Sanitization returns the asset's sanitization record, if one was made.
func (t *Tx) Sanitization(ctx context.Context, assetID int64) (inventory.Sanitization, bool, error) {
	recs, err := t.sanitizations(ctx, sanitizationSQL+` WHERE asset_id = ?`, assetID)
	rec, ok := recs[assetID]
	return rec, ok, err
}

// Sanitizations lists the sanitization records of the assets f keeps, by
// asset ID, in one query.
func (t *Tx) Sanitizations(ctx context.Context, f inventory.AssetFilter) (map[int64]inventory.Sanitization, error) {
	where, args, kept, err := t.d.rowsOfAssetsWhere(f)
	if err != nil {
		return nil, err
	}
	records, err := t.sanitizations(ctx, sanitizationSQL+where, args...)
	if kept != nil {
		maps.DeleteFunc(records, func(id int64, _ inventory.Sanitization) bool { return !kept(id) })
	}
	return records, err
}

const sanitizationSQL = `SELECT asset_id, media_type, manufacturer, model, serial, method, technique, tool,
	verification, operator, date, destination, recorded_by, recorded_at FROM sanitizations`

func (t *Tx) sanitizations(ctx context.Context, query string, args ...any) (map[int64]inventory.Sanitization, error) {
	rows, err := t.Query(ctx, query, args...)
	if err != nil {
		return nil, t.dbError("read sanitization", err)
	}
	defer rows.Close()
	out := map[int64]inventory.Sanitization{}
	for n := 0; rows.Next(); n++ {
		if err := stopped(ctx, n); err != nil {
			return nil, err
		}
		var s inventory.Sanitization
		var date, recordedAt sql.NullString
		if err := rows.Scan(&s.AssetID, &s.MediaType, &s.Manufacturer, &s.Model, &s.Serial, &s.Method, &s.Technique, &s.Tool,
			&s.Verification, &s.Operator, &date, &s.Destination, &s.RecordedBy, &recordedAt); err != nil {
			return nil, t.dbError("read sanitization", err)
		}
		d := decoder{}
		s.Date = d.date("date", date)
		s.RecordedAt = d.time("recorded_at", recordedAt)
		if d.err != nil {
			return nil, t.dbError("read sanitization", fmt.Errorf("asset #%d: %w", s.AssetID, d.err))
		}
		out[s.AssetID] = s
	}
	return out, t.dbError("read sanitization", rows.Err())
}

// RecordSanitization validates and stores the asset's sanitization record,
// replacing an earlier one, as recorded now by the store's actor.
func (t *Tx) RecordSanitization(ctx context.Context, s *inventory.Sanitization) error {
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
		s.RecordedBy, s.RecordedAt = t.Actor(), now
		_, err := t.Exec(ctx, `INSERT INTO sanitizations (asset_id, media_type, manufacturer, model, serial, method,
			technique, tool, verification, operator, date, destination, recorded_by, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (asset_id) DO UPDATE SET media_type = excluded.media_type, manufacturer = excluded.manufacturer,
				model = excluded.model, serial = excluded.serial, method = excluded.method, technique = excluded.technique,
				tool = excluded.tool, verification = excluded.verification, operator = excluded.operator,
				date = excluded.date, destination = excluded.destination, recorded_by = excluded.recorded_by,
				recorded_at = excluded.recorded_at`,
			s.AssetID, s.MediaType, s.Manufacturer, s.Model, s.Serial, s.Method, s.Technique, s.Tool,
			s.Verification, s.Operator, dateText(s.Date), s.Destination, s.RecordedBy, TimeText(now))
		if t.d.IsForeignKeyViolation(err) {
			return inventory.Errorf(inventory.ErrNotFound, "no asset #%d", s.AssetID)
		}
		if err != nil {
			return t.dbError("record sanitization", err)
		}
		summary := fmt.Sprintf("%s %s (%s) by %s on %s, %s", s.MediaType, s.Method, s.Technique, s.Operator, s.Date, s.Destination)
		return t.writeEvent(ctx, &inventory.Event{AssetID: s.AssetID, At: now, Action: inventory.ActionSanitized,
			Changes: []inventory.Change{{Field: "sanitization", To: summary}}})
	})
}
