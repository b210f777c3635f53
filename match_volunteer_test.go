package civhub

import (
	"slices"
	"strings"
	"testing"
)

// TestScoreVolunteerSpreads: among volunteers equally suited, the one with work going on or asked
// often this week ranks below the free one, and a track record counts.
func TestScoreVolunteerSpreads(t *testing.T) {
	task := &Task{Type: "data_entry", Skills: []string{"data_entry"}, Languages: []string{"es"}, EstimatedHours: 3, Urgency: UrgencyUrgent}
	profile := func(id int64) *Profile {
		return &Profile{PersonID: id, Skills: []string{"data_entry"}, Languages: []LanguageSkill{{Code: "es", Level: "native"}}}
	}
	free := ScoreVolunteer(profile(1), task, Track{})
	busy := ScoreVolunteer(profile(2), task, Track{Active: 2})
	asked := ScoreVolunteer(profile(3), task, Track{RecentMatches: 4})
	proven := ScoreVolunteer(profile(4), task, Track{Completed: 3})
	ranked := RankVolunteers([]VolunteerMatch{busy, asked, free, proven}, 4)
	var order []int64
	for _, m := range ranked {
		order = append(order, m.PersonID)
	}
	if !slices.Equal(order, []int64{4, 1, 3, 2}) {
		t.Fatalf("order %v (scores %d %d %d %d), want the proven, the free, the often asked, the busy", order,
			proven.Score, free.Score, asked.Score, busy.Score)
	}
	for _, r := range free.Reasons {
		if r.Key == "match.urgent" || !strings.HasPrefix(r.Key, "match.them.") {
			t.Errorf("reason %q does not speak of the volunteer", r.Key)
		}
	}
	hidden := profile(5)
	hidden.Visibility = map[string]Visibility{PartSkills: VisiblePartners, PartLanguages: VisiblePartners}
	if m := ScoreVolunteer(hidden, task, Track{}); m.Score != 0 {
		t.Fatalf("a profile shown only to partners matched with score %d", m.Score)
	}
}
