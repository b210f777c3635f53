package sqldb_test

import (
	"context"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestReadSeesCommittedWrites: a read without a transaction sees what was just committed, and a
// statement that fails in it reports its error, on both databases.
func TestReadSeesCommittedWrites(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		p := verifiedPerson(t, db, "amina@example.org")
		people := sqldb.NewPersonService(db)
		got, err := people.FindPersonByID(ctx, p.ID)
		if err != nil || got.Email != p.Email {
			t.Fatalf("FindPersonByID = %+v, %v", got, err)
		}
		err = db.Read(ctx, func(tx *sqldb.Tx) error {
			var n int
			return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM no_such_table`).Scan(&n)
		})
		if err == nil {
			t.Error("a failing statement in Read reported no error")
		}
	})
}

// BenchmarkSingleRead reads one person by ID in a read transaction and without one (Read): on
// PostgreSQL the transaction costs two more round trips.
//
//	go test -run '^$' -bench SingleRead ./sqldb
func BenchmarkSingleRead(b *testing.B) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		b.Run(string(d), func(b *testing.B) { benchmarkSingleRead(b, sqldbtest.Open(b, d)) })
	}
}

func benchmarkSingleRead(b *testing.B, db *sqldb.DB) {
	ctx := context.Background()
	now := time.Now().UTC()
	p := &civhub.Person{Email: "amina@example.org", DisplayName: "Amina", Locale: "ar", EmailVerifiedAt: &now}
	if err := sqldb.NewPersonService(db).CreatePerson(ctx, p); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		run  func(context.Context, func(*sqldb.Tx) error) error
	}{{"transaction", db.View}, {"read", db.Read}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				err := c.run(ctx, func(tx *sqldb.Tx) error {
					var email string
					return tx.QueryRowContext(ctx, `SELECT email FROM people WHERE id = $1`, p.ID).Scan(&email)
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
