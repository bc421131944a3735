package notify

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"slices"
	"time"

	"github.com/sunset-tui/sunset/inventory"
)

// Queue holds the items waiting for each recipient in a temporary file,
// so that a run over a large inventory keeps in memory only where each
// item lies, never the items themselves.
type Queue struct {
	f     *os.File
	w     *bufio.Writer
	size  int64
	spans map[Recipient][]span
	buf   []byte
	err   error
}

type span struct{ at, n int64 }

// NewQueue makes an empty queue; Close removes its file.
func NewQueue() (*Queue, error) {
	f, err := os.CreateTemp("", "sunset-notify-*")
	if err != nil {
		return nil, err
	}
	return &Queue{f: f, w: bufio.NewWriterSize(f, 64<<10), spans: map[Recipient][]span{}}, nil
}

// Add queues it for to.
func (q *Queue) Add(to Recipient, it Item) error {
	if q.err != nil {
		return q.err
	}
	b := appendItem(q.buf[:0], it)
	q.buf = b
	if _, q.err = q.w.Write(b); q.err != nil {
		return q.err
	}
	q.spans[to] = append(q.spans[to], span{q.size, int64(len(b))})
	q.size += int64(len(b))
	return nil
}

// Len counts the items queued.
func (q *Queue) Len() int {
	n := 0
	for _, s := range q.spans {
		n += len(s)
	}
	return n
}

// Recipients lists who has items, by channel, then address.
func (q *Queue) Recipients() []Recipient {
	out := make([]Recipient, 0, len(q.spans))
	for r := range q.spans {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Recipient) int {
		if c := cmp.Compare(a.Channel, b.Channel); c != 0 {
			return c
		}
		return cmp.Compare(a.Address, b.Address)
	})
	return out
}

// Collect reads back what was queued for to: the first limit items in
// the order of a digest (SortItems), and how many more there are. Every
// item, listed or not, is handed to each in turn (for the sent-log), so
// that a recipient with a great many items costs memory for limit of
// them, not for all.
func (q *Queue) Collect(to Recipient, limit int, each func(Item)) (listed []Item, more int, err error) {
	if q.err != nil {
		return nil, 0, q.err
	}
	if err := q.w.Flush(); err != nil {
		return nil, 0, err
	}
	spans := q.spans[to]
	var buf []byte
	for _, s := range spans {
		buf = slices.Grow(buf[:0], int(s.n))[:s.n]
		if _, err := q.f.ReadAt(buf, s.at); err != nil && err != io.EOF {
			return nil, 0, err
		}
		it, err := readItem(buf)
		if err != nil {
			return nil, 0, err
		}
		if each != nil {
			each(it)
		}
		listed = append(listed, it)
		if len(listed) >= 2*limit {
			SortItems(listed)
			listed = listed[:limit]
		}
	}
	SortItems(listed)
	if len(listed) > limit {
		listed = listed[:limit]
	}
	return listed, len(spans) - len(listed), nil
}

// Close removes the queue's file.
func (q *Queue) Close() error {
	q.f.Close()
	return os.Remove(q.f.Name())
}

// An item is queued as its strings, each length first, then its numbers,
// as varints: several times faster to read back than JSON, which a run
// over a large inventory does for every item.

func appendItem(b []byte, it Item) []byte {
	for _, s := range [...]string{it.Key, it.Subject, it.Step, it.Owner, it.Asset, it.Address, it.Severity, it.What, it.ToDo} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	var since int64
	if !it.Since.IsZero() {
		since = it.Since.UnixNano()
	}
	for _, n := range [...]int64{it.AssetID, int64(it.Due.Year), int64(it.Due.Month), int64(it.Due.Day), int64(it.DaysLeft), since} {
		b = binary.AppendVarint(b, n)
	}
	return b
}

var errBadItem = errors.New("notify queue: damaged item")

func readItem(b []byte) (Item, error) {
	var it Item
	for _, s := range [...]*string{&it.Key, &it.Subject, &it.Step, &it.Owner, &it.Asset, &it.Address, &it.Severity, &it.What, &it.ToDo} {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return Item{}, errBadItem
		}
		*s, b = string(b[k:k+int(n)]), b[k+int(n):]
	}
	var nums [6]int64
	for i := range nums {
		n, k := binary.Varint(b)
		if k <= 0 {
			return Item{}, errBadItem
		}
		nums[i], b = n, b[k:]
	}
	it.AssetID, it.DaysLeft = nums[0], int(nums[4])
	it.Due = inventory.Date{Year: int(nums[1]), Month: time.Month(nums[2]), Day: int(nums[3])}
	if nums[5] != 0 {
		it.Since = time.Unix(0, nums[5]).UTC()
	}
	return it, nil
}
