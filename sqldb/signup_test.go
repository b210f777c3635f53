package sqldb_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// signUpAndLink signs up email with purpose and next, and returns the token of the mailed link.
func signUpAndLink(t *testing.T, db *sqldb.DB, s *sqldb.AccountService, email string, purpose civhub.Purpose, next string) string {
	t.Helper()
	in := civhub.SignUp{Email: email, DisplayName: "Camila", Password: "valparaiso-cerros-9", Locale: "es", Purpose: purpose, Next: next}
	if err := s.SignUp(context.Background(), in, civhub.Client{IPKey: "ip-" + email}); err != nil {
		t.Fatal(err)
	}
	kind, token := lastMail(t, db, email)
	if kind != civhub.MailVerifyEmail || token == "" {
		t.Fatalf("mail %q with token %q, want a verification link", kind, token)
	}
	return token
}

func TestSignUpRemembersPurpose(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		for _, tc := range []struct {
			name    string
			purpose civhub.Purpose
		}{
			{"OKVolunteer", civhub.Purpose{Volunteer: true}},
			{"OKOrganization", civhub.Purpose{Organization: true}},
			{"OKBoth", civhub.Purpose{Volunteer: true, Organization: true}},
			{"OKNeither", civhub.Purpose{}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				token := signUpAndLink(t, db, s, strings.ToLower(tc.name)+"@example.org", tc.purpose, "")
				c, err := s.VerifyEmail(ctx, token)
				if err != nil {
					t.Fatal(err)
				}
				if c.Person.Purpose != tc.purpose {
					t.Errorf("after confirming, purpose %+v, want %+v", c.Person.Purpose, tc.purpose)
				}
				p, err := sqldb.NewPersonService(db).FindPersonByID(ctx, c.Person.ID)
				if err != nil || p.Purpose != tc.purpose {
					t.Errorf("read back: purpose %+v (%v), want %+v", p.Purpose, err, tc.purpose)
				}
			})
		}
	})
}

func TestConfirmationSignsInOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newAccounts(t, db)
		sent := time.Now().UTC()
		at := func(d time.Duration) { db.Now = func() time.Time { return sent.Add(d) } }
		t.Cleanup(func() { at(0) })

		t.Run("OKSignsInAndContinues", func(t *testing.T) {
			at(0)
			token := signUpAndLink(t, db, s, "fresh@example.org", civhub.Purpose{Volunteer: true}, "/tasks/7?from=mail")
			at(59 * time.Minute)
			c, err := s.VerifyEmail(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			if !c.SignIn || c.Next != "/tasks/7?from=mail" || !c.Person.Verified() {
				t.Fatalf("confirmation %+v, want a sign-in that continues to the task", c)
			}
			t.Run("ErrReplayed", func(t *testing.T) {
				if _, err := s.VerifyEmail(ctx, token); civhub.ErrorCode(err) != civhub.EINVALID {
					t.Fatalf("second use: err = %v, want EINVALID", err)
				}
			})
		})
		t.Run("OKConfirmsWithoutSignInAfterAnHour", func(t *testing.T) {
			at(0)
			token := signUpAndLink(t, db, s, "slow@example.org", civhub.Purpose{Organization: true}, "/orgs/new")
			at(civhub.VerifySignInWindow + time.Minute)
			c, err := s.VerifyEmail(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			if c.SignIn || !c.Person.Verified() || c.Next != "/orgs/new" {
				t.Fatalf("confirmation %+v, want the address confirmed without a sign-in", c)
			}
		})
		t.Run("ErrExpired", func(t *testing.T) {
			at(0)
			token := signUpAndLink(t, db, s, "late@example.org", civhub.Purpose{Volunteer: true}, "")
			at(civhub.VerifyEmailTokenLifetime + time.Minute)
			if _, err := s.VerifyEmail(ctx, token); civhub.ErrorCode(err) != civhub.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
		})
		t.Run("OKForeignNextDropped", func(t *testing.T) {
			for i, next := range []string{"//evil.example/x", "https://evil.example", "/\\evil.example", "tasks", "/a\nb"} {
				at(0)
				email := string(rune('a'+i)) + "-next@example.org"
				token := signUpAndLink(t, db, s, email, civhub.Purpose{Volunteer: true}, next)
				c, err := s.VerifyEmail(ctx, token)
				if err != nil {
					t.Fatal(err)
				}
				if c.Next != "" {
					t.Errorf("next %q kept as %q, want it dropped", next, c.Next)
				}
			}
		})
		t.Run("ErrTwoUsesAtOnce", func(t *testing.T) {
			at(0)
			token := signUpAndLink(t, db, s, "twice@example.org", civhub.Purpose{Volunteer: true}, "")
			var wg sync.WaitGroup
			var mu sync.Mutex
			signedIn, refused := 0, 0
			for range 4 {
				wg.Go(func() {
					c, err := s.VerifyEmail(ctx, token)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil && c.SignIn:
						signedIn++
					case civhub.ErrorCode(err) == civhub.EINVALID:
						refused++
					default:
						t.Errorf("VerifyEmail = %+v, %v", c, err)
					}
				})
			}
			wg.Wait()
			if signedIn != 1 || refused != 3 {
				t.Fatalf("%d sign-ins and %d refusals from one link used four times at once, want 1 and 3", signedIn, refused)
			}
		})
	})
}
