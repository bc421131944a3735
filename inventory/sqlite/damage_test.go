package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sunset-tui/sunset/inventory"
	"github.com/sunset-tui/sunset/inventory/storetest"
)

// TestDamageFoundByAReadRefusesLaterWrites: once any statement meets a
// damaged page, the store writes nothing more, without checking again.
func TestDamageFoundByAReadRefusesLaterWrites(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sunset.db")
	s, err := Open(path, Options{Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	assets := make([]inventory.Asset, 2000)
	for i := range assets {
		assets[i] = testAsset(fmt.Sprintf("A-%04d", i), i)
	}
	if err := s.Update(ctx, func(w inventory.Writer) error { return storetest.CreateInBatches(ctx, w, assets) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	damageMiddleLeaf(t, path, "assets")
	before := sha256File(t, path)

	s, err = Open(path, Options{Actor: "t", MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, readErr := s.Assets(ctx, inventory.AssetFilter{})
	if !inventory.IsKind(readErr, inventory.ErrUnavailable) ||
		!strings.Contains(readErr.Error(), "the database at "+path+" is damaged (SQLite: database disk image is malformed)") {
		t.Fatalf("reading the damaged table: %v", readErr)
	}
	writeErr := s.Update(ctx, func(w inventory.Writer) error { return w.SetPolicyValue(ctx, "idle.after", "30d") })
	if writeErr == nil || writeErr.Error() != readErr.Error() {
		t.Fatalf("write after the damage was found: %v, want %v", writeErr, readErr)
	}
	if sha256File(t, path) != before {
		t.Fatal("the damaged file was written")
	}
}

// damageMiddleLeaf overwrites the b-tree header of a leaf page in the
// middle of table with bytes no page has there.
func damageMiddleLeaf(t *testing.T, path, table string) {
	t.Helper()
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var page, pageSize int64
	if err := db.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'
		ORDER BY pageno LIMIT 1 OFFSET (SELECT count(*) / 2 FROM dbstat WHERE name = ? AND pagetype = 'leaf')`,
		table, table).Scan(&page); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xa5}, 64), (page-1)*pageSize); err != nil {
		t.Fatal(err)
	}
}

func sha256File(t *testing.T, path string) [sha256.Size]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}
