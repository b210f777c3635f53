package sqldb_test

import (
	"context"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// TestPasswordChangesEndAPITokens checks that whoever held the account before a reset or a change
// of its password loses every way in: web sessions and API tokens alike.
func TestPasswordChangesEndAPITokens(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		tokens := sqldb.NewTokenService(db)
		p := verifiedPerson(t, db, "priya@example.org")
		other := verifiedPerson(t, db, "jean@example.org")
		newToken := func(who *civhub.Person, name string) string {
			t.Helper()
			raw, _, err := tokens.CreateToken(ctx, who.ID, name)
			if err != nil {
				t.Fatal(err)
			}
			return raw
		}
		addSession := func(token string) {
			t.Helper()
			store := sqldb.NewSessionStore(db)
			if err := store.CommitCtx(ctx, token, []byte("x"), time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if err := store.Attach(ctx, token, p.ID, "Firefox on Android"); err != nil {
				t.Fatal(err)
			}
		}
		othersToken := newToken(other, "Jean's script")
		wantRevoked := func(t *testing.T, raws ...string) {
			t.Helper()
			for _, raw := range raws {
				if _, err := tokens.PersonForToken(ctx, raw); civhub.ErrorCode(err) != civhub.EUNAUTHORIZED {
					t.Errorf("a token made before the password changed still works: %v", err)
				}
			}
			if list, err := tokens.Tokens(ctx, p.ID); err != nil || len(list) != 0 {
				t.Errorf("%d tokens still listed (%v), want none", len(list), err)
			}
			if _, err := tokens.PersonForToken(ctx, othersToken); err != nil {
				t.Errorf("someone else's token stopped working: %v", err)
			}
		}

		t.Run("OKReset", func(t *testing.T) {
			raws := []string{newToken(p, "hours sheet"), newToken(p, "phone app")}
			addSession("laptop")
			if err := s.RequestPasswordReset(ctx, p.Email, client); err != nil {
				t.Fatal(err)
			}
			_, reset := lastMail(t, db, p.Email)
			if _, err := s.ResetPassword(ctx, reset, "argan-oil-sheet-42"); err != nil {
				t.Fatal(err)
			}
			wantRevoked(t, raws...)
			if n := count(t, db, `SELECT COUNT(*) FROM sessions WHERE person_id = $1`, p.ID); n != 0 {
				t.Errorf("%d sessions left after a reset, want 0", n)
			}
		})
		t.Run("OKChange", func(t *testing.T) {
			raws := []string{newToken(p, "hours sheet")}
			addSession("this-device")
			addSession("stolen-device")
			if err := s.ChangePassword(ctx, p.ID, "mapping-shelters-77", "this-device"); err != nil {
				t.Fatal(err)
			}
			wantRevoked(t, raws...)
			if n := count(t, db, `SELECT COUNT(*) FROM sessions WHERE person_id = $1`, p.ID); n != 1 {
				t.Errorf("%d sessions left after a change, want 1 (the device that changed it)", n)
			}
		})
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE person_id = $1 AND action = $2`, p.ID, civhub.AuditTokenRevoked); n != 3 {
			t.Errorf("%d audit entries for revoked tokens, want 3", n)
		}
	})
}
