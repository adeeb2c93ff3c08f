// Package sqlite stores CardDesk's data in one SQLite file using the pure-Go
// modernc.org/sqlite driver, so the station needs no cgo and no server.
//
// Writes go through a single connection (BEGIN IMMEDIATE) so two writers in
// one process never race for the lock; reads use a pool of query-only
// connections that see a consistent WAL snapshot. Before anything is written,
// Open checks read-only that the file really is a healthy CardDesk database,
// so a wrong path can never damage someone else's file.
package sqlite
