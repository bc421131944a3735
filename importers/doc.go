// Package importers brings assets into sunset from files: sunset's own CSV
// export, any CSV with recognisable or mapped columns, and the CSV exports of
// NetBox, Snipe-IT, ServiceNow, GLPI, runZero and Ralph. Each format is a reader
// that turns rows into records; one shared apply step validates them,
// matches them to existing assets by a chosen key order and writes them in a
// single transaction, or shows what it would do (dry run). nmap XML files
// are recognised but imported by the scan package.
//
// Each input is read once, as a stream, and applied in batches inside the
// one transaction; the report's rows can go out as they are decided
// (Options.Rows), so that an import holds about the same memory whatever
// the size of its files.
//
// # Matching
//
// A row matches the existing asset that the first of its keys (in --key
// order, by default id, serial, mac, tag, hostname, name, ip; id is the
// exporting tool's own id, compared only with ids from the same tool)
// names alone. It must then
// agree with that asset on each of its other keys: on each, the row or
// the asset has no value, or they share one (MACs). Otherwise the row is
// a conflict, named with the asset and the values: a serial, a MAC and a
// tag each belong to one device, so a row matched by its serial that
// carries another tag or MAC than the asset's, or a value another asset
// holds, is another device, never merged into the asset nor renaming it.
// What a device is called is compared with both the names and the
// hostnames of assets (when both are keys): a row's name, and a hostname
// that came from a name column because it reads as one, find the asset
// that has the value as either, and a value that is one asset's name and
// another's hostname names both, a conflict. A row that gives a value
// the asset lacks adds it; a different hostname
// is an update (the host was renamed), unless hostname comes before the
// key that matched. A tag, serial or MAC left out of --key is a field
// like any other, so that an import can change it, but it still may not
// be another asset's, as the store keeps each to one asset. Two rows of
// one import that name one device, by a key or by matching one asset, are
// a conflict too: the later row is refused, naming the earlier, and
// rows are matched against the inventory as it was before the import,
// in a dry run as in a real one.
//
// The package also writes sunset's CSV and JSON exports, so that an export
// read back by an import changes nothing.
package importers
