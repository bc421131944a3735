package inventory

import "strings"

// FoldCase is how sunset compares text "in any case" (owners, hostnames,
// names): each letter mapped to lower case as Go's strings.ToLower maps
// it, in every script (Ä and ä, Σ and σ are one), with no locale's
// special rules. Every store compares with this same function, computed
// in Go rather than by the database, so that all of them give the same
// matches for mixed-case and non-ASCII text.
func FoldCase(s string) string { return strings.ToLower(s) }
