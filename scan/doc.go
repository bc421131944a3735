// Package scan runs sunset's live checks: it plans targets from the
// inventory and policy, keeps every target inside the policy's scope, runs
// nmap as one streamed process, turns each host nmap reports into
// observations, matches them to assets and stores the check. An nmap XML
// file given to `sunset import` takes the same decode, match and store path.
//
// Safety rules it enforces: every target is a validated address or CIDR
// (never text that could read as an nmap option), lies inside scan.scope,
// and reaches nmap through a private temporary file; nmap's flags come only
// from this package.
package scan
