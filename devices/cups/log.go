package cups

import "go.uber.org/zap"

func zapJob(j Job) []zap.Field {
	return []zap.Field{zap.String("printer", j.Printer), zap.Int("job", j.ID), zap.String("state", j.State)}
}
