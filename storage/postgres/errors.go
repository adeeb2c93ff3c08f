package postgres

import "fmt"

// SchemaTooNewError refuses a database written by a newer CardDesk; an older
// binary would misread columns it does not know.
type SchemaTooNewError struct {
	Database string // which database: "PostgreSQL database \"carddesk\" on host:port"
	Have     int    // schema version of the database
	Know     int    // newest schema version this CardDesk knows
}

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("%s has schema version %d but this CardDesk only knows up to version %d; "+
		"use a newer CardDesk to open it (the database was left untouched)", e.Database, e.Have, e.Know)
}

// ForeignDatabaseError refuses a database that is not CardDesk's, so
// CardDesk never adds its tables among another application's.
type ForeignDatabaseError struct {
	Database string
	Reason   string
}

func (e *ForeignDatabaseError) Error() string {
	return fmt.Sprintf("%s is not a CardDesk database (%s); it was left untouched", e.Database, e.Reason)
}
