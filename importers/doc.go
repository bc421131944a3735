// Package importers brings assets into sunset from files: sunset's own CSV
// export, any CSV with recognisable or mapped columns, and the CSV exports of
// NetBox, Snipe-IT, ServiceNow, GLPI and runZero. Each format is a reader
// that turns rows into records; one shared apply step validates them,
// matches them to existing assets by a chosen key order and writes them in a
// single transaction, or shows what it would do (dry run). nmap XML files
// are recognised but imported by the scan package.
//
// The package also writes sunset's CSV and JSON exports, so that an export
// read back by an import changes nothing.
package importers
