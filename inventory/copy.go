package inventory

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"time"
)

// CopyPageRows is how many rows a copy reads and writes at a time: its
// memory holds one page, however large the inventory.
const CopyPageRows = 1000

// CopyOptions tune Copy.
type CopyOptions struct {
	// PageRows is the size of a page; <= 0 means CopyPageRows.
	PageRows int
	// Verify, when set, compares the two inventories further once every
	// row is written and counted, inside both transactions (an export of
	// each, say); its error keeps nothing of the copy.
	Verify func(ctx context.Context, from, to Reader) error
	// Progress, when set, is told each table's rows as they are copied.
	Progress func(table string, rows int64)
}

// TableCount is how many rows of one table a copy wrote, and found again
// in the target.
type TableCount struct {
	Table string `json:"table"`
	Rows  int64  `json:"rows"`
}

// Copy copies the whole inventory of from into to, which must be empty:
// every table of Tables, a page at a time, reading from in one View and
// writing to in one Update, so that the copy is of one state and either
// whole or not made at all. Before it commits, it reads every table of to
// back and compares it with from's, by count and by a digest of every
// row, then runs opts.Verify. A to that holds any row is refused
// (ErrRefused) and left as it was; a store that cannot be read or written
// whole (TableReader, TableWriter) is ErrUnavailable.
func Copy(ctx context.Context, from, to Store, opts CopyOptions) ([]TableCount, error) {
	page := opts.PageRows
	if page <= 0 {
		page = CopyPageRows
	}
	var counts []TableCount
	err := from.View(ctx, func(r Reader) error {
		src, ok := r.(TableReader)
		if !ok {
			return Errorf(ErrUnavailable, "the inventory at %s cannot be read whole to be copied", from.Location())
		}
		return to.Update(ctx, func(w Writer) error {
			dst, ok := w.(TableWriter)
			if !ok {
				return Errorf(ErrUnavailable, "the inventory at %s cannot be written whole to be copied into", to.Location())
			}
			if err := refuseNotEmpty(ctx, dst, to.Location()); err != nil {
				return err
			}
			var sums []tableSum
			for _, t := range Tables {
				sum, err := eachPage(ctx, src, t, page, func(rows [][]any) error {
					if err := dst.PutRows(ctx, t.Name, rows); err != nil {
						return err
					}
					return nil
				}, opts.Progress)
				if err != nil {
					return fmt.Errorf("copy %s: %w", t.Name, err)
				}
				sums = append(sums, sum)
			}
			if err := dst.FinishRows(ctx); err != nil {
				return err
			}
			counts = counts[:0]
			for i, t := range Tables {
				got, err := eachPage(ctx, dst, t, page, nil, nil)
				if err != nil {
					return fmt.Errorf("verify %s: %w", t.Name, err)
				}
				if got != sums[i] {
					return Errorf(ErrOther, "the copy of table %s differs from the original: %d rows written, %d read back, or their contents differ",
						t.Name, sums[i].rows, got.rows)
				}
				counts = append(counts, TableCount{Table: t.Name, Rows: got.rows})
			}
			if opts.Verify != nil {
				return opts.Verify(ctx, r, w)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// refuseNotEmpty refuses a target that holds any row of any table.
func refuseNotEmpty(ctx context.Context, dst TableReader, where string) error {
	for _, t := range Tables {
		rows, err := dst.TableRows(ctx, t.Name, nil, 1)
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			return Errorf(ErrRefused, "the inventory at %s is not empty (its %s hold rows): a copy goes into an empty one only", where, t.Name)
		}
	}
	return nil
}

// tableSum is how many rows a table holds and a digest of them that does
// not depend on their order (two stores may order text keys differently).
type tableSum struct {
	rows   int64
	digest uint64
}

// eachPage reads table t of r a page at a time, handing each page to fn
// (when set), and sums the rows up.
func eachPage(ctx context.Context, r TableReader, t Table, page int, fn func([][]any) error, progress func(string, int64)) (tableSum, error) {
	var sum tableSum
	var after []any
	for {
		rows, err := r.TableRows(ctx, t.Name, after, page)
		if err != nil {
			return sum, err
		}
		if len(rows) == 0 {
			return sum, nil
		}
		for _, row := range rows {
			d, err := rowDigest(t, row)
			if err != nil {
				return sum, err
			}
			sum.rows++
			sum.digest += d
		}
		if fn != nil {
			if err := fn(rows); err != nil {
				return sum, err
			}
		}
		if progress != nil {
			progress(t.Name, sum.rows)
		}
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		after = append([]any(nil), rows[len(rows)-1][:t.Key]...)
		if len(rows) < page {
			return sum, nil
		}
	}
}

// rowDigest is a 64-bit FNV-1a hash of a row's values, each with its type.
func rowDigest(t Table, row []any) (uint64, error) {
	if len(row) != len(t.Columns) {
		return 0, Errorf(ErrInvalid, "table %s: a row of %d values, want %d", t.Name, len(row), len(t.Columns))
	}
	h := fnv.New64a()
	var buf [8]byte
	num := func(tag byte, n uint64) {
		h.Write([]byte{tag})
		binary.BigEndian.PutUint64(buf[:], n)
		h.Write(buf[:])
	}
	for i, v := range row {
		switch v := v.(type) {
		case nil:
			h.Write([]byte{'N'})
		case int64:
			num('i', uint64(v))
		case bool:
			if v {
				num('b', 1)
			} else {
				num('b', 0)
			}
		case string:
			num('s', uint64(len(v)))
			h.Write([]byte(v))
		case time.Time:
			num('t', uint64(v.Unix()))
			num('n', uint64(v.Nanosecond()))
		case float64:
			num('f', math.Float64bits(v))
		default:
			return 0, Errorf(ErrInvalid, "table %s, column %s: a value of type %T", t.Name, t.Columns[i].Name, v)
		}
	}
	return h.Sum64(), nil
}
