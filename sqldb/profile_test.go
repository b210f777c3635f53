package sqldb_test

import (
	"context"
	"testing"

	"civhub"
	"civhub/sqldb"
	"civhub/sqldb/sqldbtest"
	"civhub/taxonomy"
)

func newProfiles(t *testing.T, db *sqldb.DB) *sqldb.ProfileService {
	t.Helper()
	tx, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	return sqldb.NewProfileService(db,
		func(id string) bool { _, ok := tx.Skill(id); return ok },
		func(id string) bool { _, ok := tx.Cause(id); return ok })
}

func TestProfileRoundTrip(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newProfiles(t, db)
		priya := verifiedPerson(t, db, "priya@example.org")
		empty, err := s.FindProfile(ctx, priya.ID)
		if err != nil || !empty.Empty() || empty.VisibilityOf(civhub.PartSkills) != civhub.VisiblePublic {
			t.Fatalf("a new person's profile = %+v, %v", empty, err)
		}
		p := &civhub.Profile{PersonID: priya.ID, Skills: []string{"android_development", "database_design", "android_development"},
			Languages: []civhub.LanguageSkill{{Code: "en", Level: "fluent"}, {Code: "ta", Level: "native"}}, TimeZone: "Asia/Kolkata", HoursPerWeek: 3,
			Causes: []string{"sdg4"}, Country: "in", City: "Bengaluru", Bio: "Android and databases.",
			Links: []string{"https://github.com/example"}, Visibility: map[string]civhub.Visibility{civhub.PartLocation: civhub.VisiblePartners}}
		if err := s.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindProfile(ctx, priya.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Skills) != 2 || len(got.Languages) != 2 || got.TimeZone != "Asia/Kolkata" || got.Country != "IN" ||
			got.VisibilityOf(civhub.PartLocation) != civhub.VisiblePartners || got.VisibilityOf(civhub.PartAbout) != civhub.VisibleMembers {
			t.Fatalf("read back %+v", got)
		}
		p.Skills = []string{"translation"}
		if err := s.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FindProfile(ctx, priya.ID); len(got.Skills) != 1 || got.Skills[0] != "translation" {
			t.Fatalf("skills after a second save: %v", got.Skills)
		}
	})
}

func TestProfileInvalid(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newProfiles(t, db)
		jean := verifiedPerson(t, db, "jean@example.org")
		p := &civhub.Profile{PersonID: jean.ID, Skills: []string{"juggling"}, TimeZone: "Mars/Olympus", HoursPerWeek: 99,
			Languages: []civhub.LanguageSkill{{Code: "fr", Level: "superb"}}, Causes: []string{"sdg18"},
			Visibility: map[string]civhub.Visibility{civhub.PartAbout: "everyone"}}
		err := s.SaveProfile(context.Background(), p)
		var e *civhub.Error
		if !asError(err, &e) {
			t.Fatalf("err = %v", err)
		}
		for _, f := range []string{"skills", "time_zone", "hours_per_week", "languages", "causes", "visibility"} {
			if e.Fields[f] == "" {
				t.Errorf("field %s not reported", f)
			}
		}
	})
}
