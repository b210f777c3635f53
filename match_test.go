package civhub_test

import (
	"slices"
	"testing"
	"time"

	"civhub"
)

func TestScoreTask(t *testing.T) {
	jean := &civhub.Profile{Skills: []string{"translation", "proofreading"}, HoursPerWeek: 5, Causes: []string{"sdg4"},
		Languages: []civhub.LanguageSkill{{Code: "fr", Level: "native"}, {Code: "en", Level: "fluent"}, {Code: "es", Level: "basic"}}}
	for _, tc := range []struct {
		name    string
		task    civhub.Task
		zero    bool
		reasons []string
	}{
		{"PairAndSkills", civhub.Task{Type: civhub.TaskTranslation, SourceLanguage: "en", TargetLanguage: "fr", Skills: []string{"translation"},
			EstimatedHours: 4, NeedCauses: []string{"sdg4"}, VolunteersWanted: 1},
			false, []string{"match.pair", "match.skills", "match.hours", "match.causes"}},
		{"ErrSourceOnlyBasic", civhub.Task{Type: civhub.TaskTranslation, SourceLanguage: "es", TargetLanguage: "fr", VolunteersWanted: 1}, true, nil},
		{"ErrTargetNotFluent", civhub.Task{Type: civhub.TaskTranslation, SourceLanguage: "fr", TargetLanguage: "es", VolunteersWanted: 1}, true, nil},
		{"LanguageOnly", civhub.Task{Type: "writing", Languages: []string{"fr"}, EstimatedHours: 40, Urgency: civhub.UrgencyUrgent, VolunteersWanted: 1},
			false, []string{"match.languages", "match.urgent"}},
		{"NothingShared", civhub.Task{Type: "mobile_app", Skills: []string{"android_development"}, Languages: []string{"sw"},
			NeedCauses: []string{"sdg4"}, VolunteersWanted: 1}, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := civhub.ScoreTask(jean, &tc.task)
			if (r.Score == 0) != tc.zero {
				t.Fatalf("score %d, want zero=%v", r.Score, tc.zero)
			}
			var keys []string
			for _, reason := range r.Reasons {
				keys = append(keys, reason.Key)
			}
			if !tc.zero && !equal(keys, tc.reasons) {
				t.Fatalf("reasons %v, want %v", keys, tc.reasons)
			}
		})
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRecommendOrderAndSpread(t *testing.T) {
	p := &civhub.Profile{Skills: []string{"mapping"}}
	full := &civhub.Task{ID: 1, Skills: []string{"mapping"}, VolunteersWanted: 1, SlotsTaken: 1}
	few := &civhub.Task{ID: 2, Skills: []string{"mapping"}, VolunteersWanted: 2, SlotsTaken: 1}
	many := &civhub.Task{ID: 3, Skills: []string{"mapping"}, VolunteersWanted: 10}
	half := &civhub.Task{ID: 4, Skills: []string{"mapping", "gis"}, VolunteersWanted: 10}
	got := civhub.Recommend(p, []*civhub.Task{full, few, many, half}, 10)
	var ids []int64
	for _, r := range got {
		ids = append(ids, r.Task.ID)
	}
	if len(ids) != 3 || ids[0] != 3 || ids[1] != 2 || ids[2] != 4 {
		t.Fatalf("order %v, want [3 2 4]: full tasks out, ties to the task with more places, partial skills last", ids)
	}
}

func TestWorkingOverlap(t *testing.T) {
	january := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC) // summer time south of the equator
	for _, tc := range []struct {
		a, b  string
		hours int
		ok    bool
	}{
		{"America/Santiago", "America/Santiago", 9, true},
		{"America/Santiago", "Asia/Tokyo", 0, true},
		{"Africa/Casablanca", "Europe/Paris", 9, true}, // both an hour ahead of UTC outside Ramadan
		{"Europe/London", "Europe/Paris", 8, true},
		{"Pacific/Auckland", "America/Los_Angeles", 6, true}, // across the date line: the day before
		{"America/Santiago", "", 0, false},
		{"America/Santiago", "Mars/Olympus_Mons", 0, false},
	} {
		if h, ok := civhub.WorkingOverlap(tc.a, tc.b, january); h != tc.hours || ok != tc.ok {
			t.Errorf("%s and %s: %d h (%v), want %d h (%v)", tc.a, tc.b, h, ok, tc.hours, tc.ok)
		}
	}
}

// TestScoreTaskPlaceAndTime: work on site ranks by how near it is and is no match abroad; the
// organization's working hours count when they overlap the volunteer's.
func TestScoreTaskPlaceAndTime(t *testing.T) {
	ana := &civhub.Profile{Skills: []string{"mapping"}, Country: "CL", City: "Valparaíso ", TimeZone: "America/Santiago"}
	mapping := func(mutate func(*civhub.Task)) *civhub.Task {
		task := &civhub.Task{Type: "mapping", Skills: []string{"mapping"}, VolunteersWanted: 1, Remote: true}
		mutate(task)
		return task
	}
	keys := func(r civhub.Recommendation) []string {
		var out []string
		for _, reason := range r.Reasons {
			out = append(out, reason.Key)
		}
		return out
	}
	city := civhub.ScoreTask(ana, mapping(func(x *civhub.Task) { x.Remote, x.Country, x.City = false, "CL", "valparaíso" }))
	country := civhub.ScoreTask(ana, mapping(func(x *civhub.Task) { x.Remote, x.Country, x.City = false, "CL", "Santiago" }))
	remote := civhub.ScoreTask(ana, mapping(func(x *civhub.Task) {}))
	abroad := civhub.ScoreTask(ana, mapping(func(x *civhub.Task) { x.Remote, x.Country, x.City = false, "AR", "Mendoza" }))
	if !equal(keys(city), []string{"match.skills", "match.city"}) || !equal(keys(country), []string{"match.skills", "match.country"}) {
		t.Fatalf("reasons: city %v, country %v", keys(city), keys(country))
	}
	if !(city.Score > country.Score && country.Score > remote.Score) || abroad.Score != 0 {
		t.Fatalf("scores: city %d, country %d, remote %d, abroad %d", city.Score, country.Score, remote.Score, abroad.Score)
	}
	// Someone who has not said where they are is not kept from work on site.
	if r := civhub.ScoreTask(&civhub.Profile{Skills: []string{"mapping"}}, mapping(func(x *civhub.Task) { x.Remote, x.Country = false, "AR" })); r.Score == 0 {
		t.Fatal("a volunteer with no country got no on-site match")
	}

	near := civhub.ScoreTask(ana, mapping(func(x *civhub.Task) { x.OrgTimeZone = "America/Argentina/Buenos_Aires" }))
	far := civhub.ScoreTask(ana, mapping(func(x *civhub.Task) { x.OrgTimeZone = "Asia/Tokyo" }))
	if !equal(keys(near), []string{"match.skills", "match.zone"}) || near.Reasons[1].Number < 8 || !equal(keys(far), []string{"match.skills"}) || near.Score <= far.Score {
		t.Fatalf("time zones: near %+v, far %+v", near, far)
	}
	// Only what a volunteer shows members counts when organizations are told about them.
	hidden := *ana
	hidden.Visibility = map[string]civhub.Visibility{civhub.PartLocation: civhub.VisiblePartners}
	if m := civhub.ScoreVolunteer(&hidden, mapping(func(x *civhub.Task) { x.Remote, x.Country, x.City = false, "CL", "Valparaíso" }), civhub.Track{}); slices.ContainsFunc(m.Reasons, func(r civhub.Reason) bool { return r.Key == "match.them.city" }) {
		t.Fatal("a location kept to partners explained a match")
	}
}
