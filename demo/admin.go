package demo

import (
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// Options are the enroll options of the throw-away demo station: a lighter
// argon2id cost and a minimum password length that admits demo / demo. Every
// demo password is public and the database is deleted on exit.
func Options(log *zap.Logger) enroll.Options {
	return enroll.Options{
		Log:               log,
		Password:          enroll.PasswordParams{Time: 1, MemKiB: 19 * 1024, Threads: 1},
		MinPasswordLength: len(Password),
	}
}
