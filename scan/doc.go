// Package scan runs sunset's live checks: it plans targets from the
// inventory and policy, keeps every target inside the policy's scope, runs
// nmap as one streamed process, turns each host nmap reports into
// observations, matches them to assets and stores the check. An nmap XML
// file given to `sunset import` takes the same decode, match and store path.
//
// Safety rules it enforces: every target is a validated address or CIDR
// (never text that could read as an nmap option), lies inside scan.scope,
// and reaches nmap on its standard input, never through a file; nmap's
// flags come only from this package. A check that would probe more than
// LargeCheck addresses runs only when confirmed.
package scan
