package main

import (
	"context"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/cli"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/dbcopy"
)

// copyDB is db copy: storage/dbcopy opens both databases itself, with the
// rule of openStore (a postgres:// URL or a SQLite path), because it works
// on their tables rather than through a station's services.
func copyDB(ctx context.Context, from, to string, by enroll.Actor, log *zap.Logger) (cli.DBCopy, error) {
	res, err := dbcopy.Copy(ctx, from, to, dbcopy.Options{Log: log, By: by})
	out := cli.DBCopy{From: res.From, To: res.To}
	for _, t := range res.Tables {
		out.Tables = append(out.Tables, cli.TableCount{Table: t.Table, Rows: t.Rows})
	}
	return out, err
}
