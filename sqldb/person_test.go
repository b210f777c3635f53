package sqldb_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestCreatePerson(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ps := sqldb.NewPersonService(db)
		t.Run("OK", func(t *testing.T) {
			p := &civhub.Person{Email: "priya@example.org", DisplayName: "Priya", Locale: "en"}
			if err := ps.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			if p.ID == 0 {
				t.Fatal("ID not set")
			}
		})
		t.Run("ErrEmailTaken", func(t *testing.T) {
			p := &civhub.Person{Email: "PRIYA@example.org", DisplayName: "Another", Locale: "en"}
			if code := civhub.ErrorCode(ps.CreatePerson(ctx, p)); code != civhub.ECONFLICT {
				t.Fatalf("code = %q, want %q", code, civhub.ECONFLICT)
			}
		})
		t.Run("ErrInvalidEmail", func(t *testing.T) {
			p := &civhub.Person{Email: "not an address", DisplayName: "X", Locale: "en"}
			if code := civhub.ErrorCode(ps.CreatePerson(ctx, p)); code != civhub.EINVALID {
				t.Fatalf("code = %q, want %q", code, civhub.EINVALID)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			p, err := ps.FindPersonByID(ctx, 999999)
			if p != nil || civhub.ErrorCode(err) != civhub.ENOTFOUND {
				t.Fatalf("FindPersonByID(missing) = %v, %v; want nil and ENOTFOUND", p, err)
			}
		})
	})
}

func TestCreateOrganization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		owner := &civhub.Person{Email: "amina@example.org", DisplayName: "أمينة", Locale: "ar"}
		if err := sqldb.NewPersonService(db).CreatePerson(ctx, owner); err != nil {
			t.Fatal(err)
		}
		os := newOrgs(t, db)
		org := &civhub.Organization{Slug: "tamount", Name: "Coopérative Tamount", Type: civhub.OrgCooperative, Country: "ma"}
		if err := os.CreateOrganization(ctx, org, owner.ID); err != nil {
			t.Fatal(err)
		}
		if org.Country != "MA" {
			t.Errorf("country = %q, want upper-cased MA", org.Country)
		}
		dup := &civhub.Organization{Slug: "tamount", Name: "Other", Type: civhub.OrgNGO, Country: "MA"}
		if code := civhub.ErrorCode(os.CreateOrganization(ctx, dup, owner.ID)); code != civhub.ECONFLICT {
			t.Errorf("duplicate slug: code = %q, want %q", code, civhub.ECONFLICT)
		}
		if code := civhub.ErrorCode(os.AddMember(ctx, org.ID, owner.ID, civhub.MemberMember)); code != civhub.ECONFLICT {
			t.Errorf("adding the owner again: code = %q, want %q", code, civhub.ECONFLICT)
		}
		ghost := &civhub.Organization{Slug: "ghost", Name: "Ghost", Type: civhub.OrgNGO, Country: "CL"}
		if code := civhub.ErrorCode(os.CreateOrganization(ctx, ghost, 424242)); code != civhub.ENOTFOUND {
			t.Errorf("missing owner: code = %q, want %q", code, civhub.ENOTFOUND)
		}
	})
}

func TestPurgeExpired(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := db.Now()
		person := &civhub.Person{Email: "texts@example.org", DisplayName: "T", Locale: "es"}
		if err := sqldb.NewPersonService(db).CreatePerson(ctx, person); err != nil {
			t.Fatal(err)
		}
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			for i, exp := range []int{-2, -1, 1} {
				at := now.Add(time.Duration(exp) * time.Hour)
				if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)`,
					string(rune('a'+i)), []byte("x"), at); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO rate_limits (key, window_start, hits, expires_at) VALUES ($1, $2, 1, $3)`,
					"signin", at, at); err != nil {
					return err
				}
			}
			// Text messages: a person's and a stranger's, old and new, and an old one still to send.
			old := now.Add(-civhub.SMSKeepBodies - time.Hour)
			for _, m := range []struct {
				person any
				status string
				at     time.Time
			}{{person.ID, "sent", old}, {nil, "received", old}, {person.ID, "sent", now}, {nil, "received", now}, {person.ID, "queued", old}} {
				if _, err := tx.ExecContext(ctx, `INSERT INTO sms_messages (direction, person_id, number, body, encoding, segments, kind,
					status, created_at) VALUES ('out', $1, '+56911112222', 'words', 'gsm7', 1, 'reply', $2, $3)`, m.person, m.status, m.at); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		r, err := sqldb.NewHousekeepingService(db).PurgeExpired(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r.Sessions != 2 || r.RateLimits != 2 || r.TextBodies != 2 {
			t.Fatalf("purged %+v, want 2 sessions, 2 rate limits and 2 old text messages (one cleared, one deleted)", r)
		}
		var texts, worded int
		if err := db.Writer().QueryRow(`SELECT COUNT(*), COUNT(NULLIF(body, '')) FROM sms_messages`).Scan(&texts, &worded); err != nil || texts != 4 || worded != 3 {
			t.Fatalf("text messages left: %d, %d with words (%v); want 4, 3", texts, worded, err)
		}
		var left int
		db.View(ctx, func(tx *sqldb.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions`).Scan(&left)
		})
		if left != 1 {
			t.Fatalf("%d sessions left, want the one not yet expired", left)
		}
	})
}

func asError(err error, target **civhub.Error) bool { return errors.As(err, target) }
