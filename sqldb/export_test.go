package sqldb

// SetMatchPlans changes the match counts that choose how a text search sorted by deadline runs
// on SQLite, for a test.
func SetMatchPlans(common, dense int) (restore func()) {
	oldCommon, oldDense := commonMatches, denseMatches
	commonMatches, denseMatches = common, dense
	return func() { commonMatches, denseMatches = oldCommon, oldDense }
}
