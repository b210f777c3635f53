package sqldb_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
)

// activeAdmins counts the administrators who can still sign in.
func activeAdmins(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	return count(t, db, `SELECT COUNT(*) FROM people WHERE site_role = $1 AND disabled_at IS NULL`, civhub.RoleAdmin)
}

// onlyAdmins makes the given people the site's only administrators.
func onlyAdmins(t *testing.T, db *sqldb.DB, people ...*civhub.Person) {
	t.Helper()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE people SET site_role = '', disabled_at = NULL`); err != nil {
			return err
		}
		for _, p := range people {
			if _, err := tx.ExecContext(ctx, `UPDATE people SET site_role = $1 WHERE id = $2`, civhub.RoleAdmin, p.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLastAdminStays(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ps := sqldb.NewPersonService(db)
		ines := verifiedPerson(t, db, "ines@example.org")
		kofi := verifiedPerson(t, db, "kofi@example.org")
		data := sqldb.NewDataService(db, newProfiles(t, db), newOrgs(t, db))
		onlyAdmins(t, db, ines)
		for _, role := range []string{civhub.RoleModerator, civhub.RoleNone} {
			if err := ps.SetSiteRole(ctx, ines.ID, role, ines.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
				t.Errorf("the only administrator made herself %q: %v, want ECONFLICT", role, err)
			}
		}
		if err := ps.SetDisabled(ctx, ines.ID, true, kofi.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Errorf("the only administrator was disabled: %v, want ECONFLICT", err)
		}
		if err := data.DeletePerson(ctx, ines.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
			t.Errorf("the only administrator deleted her account: %v, want ECONFLICT", err)
		}
		if n := activeAdmins(t, db); n != 1 {
			t.Fatalf("%d administrators left, want 1", n)
		}
		if err := ps.SetSiteRole(ctx, ines.ID, civhub.RoleAdmin, ines.ID); err != nil {
			t.Errorf("the only administrator kept her role: %v", err)
		}

		t.Run("OKWithAnother", func(t *testing.T) {
			if err := ps.SetSiteRole(ctx, kofi.ID, civhub.RoleAdmin, ines.ID); err != nil {
				t.Fatal(err)
			}
			if err := ps.SetSiteRole(ctx, ines.ID, civhub.RoleModerator, ines.ID); err != nil {
				t.Fatalf("an administrator stepped down beside another: %v", err)
			}
			if err := ps.SetSiteRole(ctx, kofi.ID, civhub.RoleNone, kofi.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
				t.Fatalf("the new only administrator stepped down: %v, want ECONFLICT", err)
			}
		})
		t.Run("OKDisabledAdminsDoNotCount", func(t *testing.T) {
			onlyAdmins(t, db, ines, kofi)
			if err := ps.SetDisabled(ctx, kofi.ID, true, ines.ID); err != nil {
				t.Fatal(err)
			}
			if err := ps.SetSiteRole(ctx, ines.ID, civhub.RoleNone, ines.ID); civhub.ErrorCode(err) != civhub.ECONFLICT {
				t.Fatalf("the only enabled administrator stepped down: %v, want ECONFLICT", err)
			}
		})
	})
}

// TestAdminsTakingEachOthersRole has two administrators, the only two, take each other's role (or
// disable each other) at the same moment, many times: one must win and the other be refused, so
// that the site always keeps an administrator.
func TestAdminsTakingEachOthersRole(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ps := sqldb.NewPersonService(db)
		a := verifiedPerson(t, db, "a@example.org")
		b := verifiedPerson(t, db, "b@example.org")
		moves := map[string]func(target, by *civhub.Person) error{
			"demote":    func(target, by *civhub.Person) error { return ps.SetSiteRole(ctx, target.ID, civhub.RoleNone, by.ID) },
			"disable":   func(target, by *civhub.Person) error { return ps.SetDisabled(ctx, target.ID, true, by.ID) },
			"step down": func(_, by *civhub.Person) error { return ps.SetSiteRole(ctx, by.ID, civhub.RoleModerator, by.ID) },
		}
		for name, move := range moves {
			for round := range 20 {
				onlyAdmins(t, db, a, b)
				var wg sync.WaitGroup
				errs := make([]error, 2)
				start := make(chan struct{})
				for i, pair := range [][2]*civhub.Person{{a, b}, {b, a}} {
					wg.Go(func() {
						<-start
						errs[i] = move(pair[1], pair[0])
					})
				}
				close(start)
				wg.Wait()
				if n := activeAdmins(t, db); n != 1 {
					t.Fatalf("%s, round %d: %d administrators left (errors %v), want 1", name, round, n, errs)
				}
				refused := 0
				for _, err := range errs {
					if civhub.ErrorCode(err) == civhub.ECONFLICT {
						refused++
					} else if err != nil {
						t.Fatalf("%s, round %d: %v", name, round, err)
					}
				}
				if refused != 1 {
					t.Fatalf("%s, round %d: %d refused, want 1", name, round, refused)
				}
			}
		}
	})
}

// TestOwnersLeavingTogether has an organization's two owners leave, or demote each other, at the
// same moment, many times: the organization must keep an owner.
func TestOwnersLeavingTogether(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newOrgs(t, db)
		data := sqldb.NewDataService(db, newProfiles(t, db), s)
		moves := map[string]func(org int64, me, other *civhub.Person) error{
			"leave": func(org int64, me, _ *civhub.Person) error { return s.RemoveMember(ctx, org, me.ID, me.ID) },
			"demote": func(org int64, me, other *civhub.Person) error {
				return s.SetMemberRole(ctx, org, other.ID, civhub.MemberMember, me.ID)
			},
			"delete account": func(_ int64, me, _ *civhub.Person) error { return data.DeletePerson(ctx, me.ID) },
		}
		n := 0
		for name, move := range moves {
			for round := range 10 {
				n++
				a := verifiedPerson(t, db, fmt.Sprintf("a%d@example.org", n))
				b := verifiedPerson(t, db, fmt.Sprintf("b%d@example.org", n))
				o := newOrg(t, s, a, fmt.Sprintf("org-%d", n), false)
				if err := s.AddMember(ctx, o.ID, b.ID, civhub.MemberOwner); err != nil {
					t.Fatal(err)
				}
				var wg sync.WaitGroup
				errs := make([]error, 2)
				start := make(chan struct{})
				for i, pair := range [][2]*civhub.Person{{a, b}, {b, a}} {
					wg.Go(func() {
						<-start
						errs[i] = move(o.ID, pair[0], pair[1])
					})
				}
				close(start)
				wg.Wait()
				owners := count(t, db, `SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = $2`, o.ID, civhub.MemberOwner)
				// Two deleted accounts one after the other take the emptied organization with them.
				gone := count(t, db, `SELECT COUNT(*) FROM organizations WHERE id = $1`, o.ID) == 0 && errs[0] == nil && errs[1] == nil
				if owners != 1 && !(name == "delete account" && gone) {
					t.Fatalf("%s, round %d: %d owners left (errors %v), want 1", name, round, owners, errs)
				}
				for _, err := range errs {
					if err != nil && civhub.ErrorCode(err) != civhub.ECONFLICT {
						t.Fatalf("%s, round %d: %v", name, round, err)
					}
				}
			}
		}
	})
}
