package web

import (
	"testing"

	"civhub/sqldb"
)

// TestEveryRouteWithHostileInput builds one world per database in which every person's and
// organization's name and every need's, task's and opportunity's title carries markup, then goes
// through every route of the route table as every role: each page must show the names as text,
// and each form must refuse a wrong form token.
func TestEveryRouteWithHostileInput(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			w := newMarkupWorld(t, d)
			t.Run("MarkupInNamesShownAsText", func(t *testing.T) { checkMarkupShownAsText(t, w) })
			// The forms come second: a wrong token changes nothing, but the test makes each session
			// owe a second sign-in factor.
			t.Run("WrongFormTokenRefused", func(t *testing.T) { checkWrongFormTokens(t, w.fixture) })
		})
	}
}
