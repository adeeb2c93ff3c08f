package migrations

import (
	"testing"
	"testing/fstest"
)

// A StepMarker line splits a file into the SQL before its Go step and the
// SQL after it; a file without one is all SQL before.
func TestLoadSplitsAtStepMarker(t *testing.T) {
	fsys := fstest.MapFS{
		"0001_plain.sql": {Data: []byte("CREATE TABLE a (x INTEGER);\n")},
		"0002_step.sql":  {Data: []byte("ALTER TABLE a ADD COLUMN y INTEGER;\n" + StepMarker + "\nCREATE INDEX a_y ON a (y);\n")},
	}
	ms, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if ms[0].SQL != "CREATE TABLE a (x INTEGER);\n" || ms[0].After != "" {
		t.Errorf("without a marker: %+v", ms[0])
	}
	if ms[1].SQL != "ALTER TABLE a ADD COLUMN y INTEGER;" || ms[1].After != "CREATE INDEX a_y ON a (y);\n" {
		t.Errorf("with a marker: SQL %q, After %q", ms[1].SQL, ms[1].After)
	}
}
