package sqlstore

import (
	"context"

	"github.com/sunset-tui/sunset/inventory"
)

// PolicyValues returns every policy key's text: the stored value, or the
// default when none is stored.
func (t *Tx) PolicyValues(ctx context.Context) (map[string]string, error) {
	values := make(map[string]string, len(inventory.PolicyKeys))
	for _, k := range inventory.PolicyKeys {
		values[k.Name] = k.Default
	}
	rows, err := t.Query(ctx, `SELECT key, value FROM policy`)
	if err != nil {
		return nil, t.dbError("read policy", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, t.dbError("read policy", err)
		}
		values[k] = v
	}
	return values, t.dbError("read policy", rows.Err())
}

// Policy parses the stored policy.
func (t *Tx) Policy(ctx context.Context) (inventory.Policy, error) {
	values, err := t.PolicyValues(ctx)
	if err != nil {
		return inventory.Policy{}, err
	}
	return inventory.ParsePolicy(values)
}

// SetPolicyValue stores one key's text as given, after checking the value
// and the whole policy it makes (scan.discover must stay inside
// scan.scope).
func (t *Tx) SetPolicyValue(ctx context.Context, key, value string) error {
	return t.write(func() error {
		if err := inventory.ValidatePolicyValue(key, value); err != nil {
			return err
		}
		values, err := t.PolicyValues(ctx)
		if err != nil {
			return err
		}
		values[key] = value
		if _, err := inventory.ParsePolicy(values); err != nil {
			return err
		}
		_, err = t.Exec(ctx, `INSERT INTO policy (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		return t.dbError("set policy", err)
	})
}

// Revision is the number of committed writes so far.
func (t *Tx) Revision(ctx context.Context) (int64, error) {
	var rev int64
	err := t.QueryRow(ctx, `SELECT value FROM meta WHERE key = 'revision'`).Scan(&rev)
	return rev, t.dbError("read revision", err)
}
