package civhub_test

import (
	"slices"
	"strings"
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
			false, []string{"match.languages", "match.pace.weeks", "match.urgent"}},
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

// TestRecommendCrisisFirst: a task an active crisis needs comes before a better ordinary match,
// says why, and still needs something the volunteer brings.
func TestRecommendCrisisFirst(t *testing.T) {
	p := &civhub.Profile{Skills: []string{"mapping", "gis"}, Causes: []string{"sdg11"}}
	ordinary := &civhub.Task{ID: 1, Skills: []string{"mapping", "gis"}, NeedCauses: []string{"sdg11"}, VolunteersWanted: 5}
	crisis := &civhub.Task{ID: 2, Skills: []string{"mapping", "translation"}, VolunteersWanted: 5, Urgency: civhub.UrgencyUrgent, InCrisis: true}
	elsewhere := &civhub.Task{ID: 3, Skills: []string{"translation"}, VolunteersWanted: 5, InCrisis: true}
	got := civhub.Recommend(p, []*civhub.Task{ordinary, crisis, elsewhere}, 10)
	if len(got) != 2 || got[0].Task.ID != 2 || got[1].Task.ID != 1 {
		t.Fatalf("recommended %+v, want the crisis task first, then the ordinary one, and not the one needing none of their skills", got)
	}
	if last := got[0].Reasons[len(got[0].Reasons)-1]; last.Key != "match.crisis" {
		t.Errorf("the crisis task's last reason is %q, want match.crisis (instead of match.urgent)", last.Key)
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

// TestScoreTaskPace: a task's effort is weighed against the hours a week the volunteer has: only
// a task done within one of their weeks "fits your week"; a longer one says how many weeks it
// takes at their pace and scores less, and one they cannot finish before its deadline says so.
func TestScoreTaskPace(t *testing.T) {
	soon := time.Now().Add(5 * 24 * time.Hour)
	later := time.Now().Add(60 * 24 * time.Hour)
	for _, tc := range []struct {
		name   string
		hours  int // a week, on the profile
		effort int
		due    *time.Time
		key    string // the reason about time, "" for none
		weeks  int
	}{
		{"FitsTheWeek", 4, 4, nil, "match.hours", 0},
		{"TwoWeeks", 4, 8, nil, "match.pace.weeks", 2},
		{"TwoWeeksBeforeDeadline", 4, 8, &later, "match.pace.weeks", 2},
		{"ErrPastDeadline", 4, 8, &soon, "match.pace.late", 2},
		{"TenWeeks", 4, 40, nil, "match.pace.weeks", 10},
		{"NoHoursGiven", 0, 8, nil, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &civhub.Profile{Skills: []string{"data_entry"}, HoursPerWeek: tc.hours}
			task := &civhub.Task{Type: "data_entry", Skills: []string{"data_entry"}, EstimatedHours: tc.effort, Deadline: tc.due, VolunteersWanted: 1}
			r := civhub.ScoreTask(p, task)
			var got []civhub.Reason
			for _, reason := range r.Reasons {
				if reason.Key == "match.hours" || strings.HasPrefix(reason.Key, "match.pace.") {
					got = append(got, reason)
				}
			}
			if tc.key == "" {
				if len(got) != 0 || r.Score != 40 {
					t.Fatalf("score %d, reasons about time %+v; want 40 and none", r.Score, got)
				}
				return
			}
			if len(got) != 1 || got[0].Key != tc.key || got[0].Weeks != tc.weeks || got[0].Number != tc.effort {
				t.Fatalf("reasons about time %+v, want %s for %d hours in %d weeks", got, tc.key, tc.effort, tc.weeks)
			}
		})
	}
	score := func(hours, effort int, due *time.Time) int {
		p := &civhub.Profile{Skills: []string{"data_entry"}, HoursPerWeek: hours}
		return civhub.ScoreTask(p, &civhub.Task{Skills: []string{"data_entry"}, EstimatedHours: effort, Deadline: due, VolunteersWanted: 1}).Score
	}
	fits, two, ten, late := score(4, 4, nil), score(4, 8, nil), score(4, 40, nil), score(4, 8, &soon)
	if !(fits > two && two > ten && ten >= late) {
		t.Fatalf("scores: fits %d, two weeks %d, ten weeks %d, past the deadline %d; want each below the one before", fits, two, ten, late)
	}
}

// TestScoreTaskInheritedLanguages: a task that names no language is done in its need's or
// organization's languages, so it is no match for a volunteer who works in none of them.
func TestScoreTaskInheritedLanguages(t *testing.T) {
	task := func(own, inherited []string) *civhub.Task {
		return &civhub.Task{Type: "data_entry", Skills: []string{"data_entry"}, Languages: own, InheritedLangs: inherited, VolunteersWanted: 1}
	}
	volunteer := func(langs ...string) *civhub.Profile {
		p := &civhub.Profile{Skills: []string{"data_entry"}}
		for _, l := range langs {
			p.Languages = append(p.Languages, civhub.LanguageSkill{Code: l, Level: "fluent"})
		}
		return p
	}
	spanishOnly := task(nil, []string{"es"})
	if r := civhub.ScoreTask(volunteer("en"), spanishOnly); r.Score != 0 {
		t.Fatalf("a Spanish-only group's task scored %d for a volunteer without Spanish: %+v", r.Score, r.Reasons)
	}
	r := civhub.ScoreTask(volunteer("en", "es"), spanishOnly)
	if r.Score == 0 || !slices.ContainsFunc(r.Reasons, func(x civhub.Reason) bool { return x.Key == "match.languages" && slices.Equal(x.IDs, []string{"es"}) }) {
		t.Fatalf("a Spanish speaker: score %d, reasons %+v; want a match in Spanish", r.Score, r.Reasons)
	}
	if r := civhub.ScoreTask(volunteer("en"), task([]string{"en"}, []string{"es"})); r.Score == 0 {
		t.Fatal("the task's own languages did not come before its organization's")
	}
	if r := civhub.ScoreTask(volunteer(), spanishOnly); r.Score == 0 {
		t.Fatal("a volunteer who named no language lost a match on skills")
	}
	basic := &civhub.Profile{Skills: []string{"data_entry"}, Languages: []civhub.LanguageSkill{{Code: "es", Level: "basic"}}}
	if r := civhub.ScoreTask(basic, spanishOnly); r.Score != 0 {
		t.Fatalf("basic Spanish is not enough to work in: score %d", r.Score)
	}
}
