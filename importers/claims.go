package importers

import (
	"context"
	"hash/maphash"
	"slices"
)

// claims remembers, for every row an import accepted so far, what it
// claimed: each value of its keys, and the existing asset it matched, with
// where the row is. A later row that claims the same is the same device
// named twice, a conflict (see applier.claim).
//
// A claim is kept as a 64-bit hash of what was claimed, not as the value,
// and only the newest recentClaims of them in memory: the others go to a
// file (see spill), so that what an import holds does not grow with its
// files. Two different values share a hash with odds of about one in two
// million for a million-row import (the hashes are seeded at random each
// run): the row is then refused as a conflict naming a row it does not
// repeat, and importing again clears it. Nothing is ever merged on a
// collision.
type claims struct {
	ctx     context.Context
	h       maphash.Hash
	recent  map[uint64]place
	spilled *spill // nil until recent first fills
}

// recentClaims is how many claims are held in memory before they are
// spilled: a megabyte or two. An import of more than 16,000 rows or so
// spills, and holds about as much whatever its size.
const recentClaims = 1 << 16

// place is where a row is: its file's position among the inputs, and its
// line.
type place uint64

func placeOf(file, line int) place { return place(uint64(file)<<48 | uint64(line)&(1<<48-1)) }
func (p place) file() int          { return int(p >> 48) }
func (p place) line() int          { return int(p & (1<<48 - 1)) }

// newClaims remembers the claims of an import that ends with ctx.
func newClaims(ctx context.Context) *claims {
	c := &claims{ctx: ctx, recent: map[uint64]place{}}
	c.h.SetSeed(maphash.MakeSeed())
	return c
}

// lookUp finds the row that made a claim, if one did.
func (c *claims) lookUp(key uint64) (place, bool, error) {
	if p, ok := c.recent[key]; ok {
		return p, true, nil
	}
	if c.spilled == nil {
		return 0, false, nil
	}
	return c.spilled.lookUp(key)
}

// add records a claim no row made before.
func (c *claims) add(key uint64, p place) error {
	c.recent[key] = p
	if len(c.recent) < recentClaims {
		return nil
	}
	if c.spilled == nil {
		c.spilled = &spill{ctx: c.ctx}
	}
	err := c.spilled.add(c.recent)
	clear(c.recent)
	return err
}

// close lets go of the file the claims were spilled to.
func (c *claims) close() {
	if c.spilled != nil {
		c.spilled.close()
	}
}

// A claim is hashed with what kind of claim it is, so that a tag and a
// serial that read alike are not one claim: the key's name, or claimAsset.
const claimAsset = "#"

// keyClaim is the claim of one value of a key that is not weak.
func (c *claims) keyClaim(key, value string) uint64 {
	c.h.Reset()
	c.h.WriteString(key)
	c.h.WriteByte(0)
	c.h.WriteString(value)
	return c.h.Sum64()
}

// assetClaim is the claim of an existing asset a row matched.
func (c *claims) assetClaim(id int64) uint64 {
	c.h.Reset()
	c.h.WriteString(claimAsset)
	c.h.WriteByte(0)
	var b [8]byte
	for i := range b {
		b[i] = byte(id >> (8 * i))
	}
	c.h.Write(b[:])
	return c.h.Sum64()
}

// weakClaim is the claim of a value of a weak key (a hostname, a name, an
// IP): rows sharing one are one device only when nothing stronger sets
// them apart or is missing from one of them, so the claim is the value
// with the values of every key before it (MACs and IPs in order), blanks
// included.
func (c *claims) weakClaim(key, value string, id *identity, before []string) uint64 {
	c.h.Reset()
	c.h.WriteString(key)
	c.h.WriteByte(0)
	c.h.WriteString(value)
	for _, k := range before {
		c.h.WriteByte(0) // values hold no NUL: the input is text without one
		vs := id.values(k)
		if len(vs) > 1 {
			vs = slices.Sorted(slices.Values(vs))
		}
		for _, v := range vs {
			c.h.WriteString(v)
			c.h.WriteByte(' ')
		}
	}
	return c.h.Sum64()
}
