package postgres

// tx hands out the repositories bound to one transaction; like SQLite's,
// they hold no other state.
type tx struct{ q conn }
