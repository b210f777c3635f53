package civhub_test

import (
	"testing"

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
