package civhub_test

import (
	"slices"
	"testing"

	"civhub"
	"civhub/taxonomy"
)

// TestCrisisTemplates: every crisis task template has a kind of task and skills of the taxonomy,
// and every incident kind is offered some.
func TestCrisisTemplates(t *testing.T) {
	tax, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tpl := range civhub.CrisisTaskTemplates {
		if !slices.Contains(civhub.TaskTypes, tpl.Type) || tpl.Hours < 1 {
			t.Errorf("%s: type %q, %d hours", tpl.ID, tpl.Type, tpl.Hours)
		}
		for _, s := range tpl.Skills {
			if _, ok := tax.Skill(s); !ok {
				t.Errorf("%s: skill %q is not in the taxonomy", tpl.ID, s)
			}
		}
		for _, k := range tpl.Kinds {
			if !slices.Contains(civhub.IncidentKinds, k) {
				t.Errorf("%s: incident kind %q", tpl.ID, k)
			}
		}
	}
	for _, k := range civhub.IncidentKinds {
		if len(civhub.TemplatesFor(k)) < 3 {
			t.Errorf("%s: only %v", k, civhub.TemplatesFor(k))
		}
	}
	if got := civhub.TemplatesFor("epidemic"); slices.Contains(got, "map_area") || !slices.Contains(got, "translate_health") {
		t.Errorf("an epidemic is offered %v", got)
	}
}

// TestTaskStage: a task's stage on the board is its furthest volunteer's.
func TestTaskStage(t *testing.T) {
	for _, c := range []struct {
		status      string
		assignments []string
		want        string
	}{
		{civhub.TaskOpen, nil, civhub.BoardOpen},
		{civhub.TaskOpen, []string{civhub.AssignApplied}, civhub.BoardOpen},
		{civhub.TaskOpen, []string{civhub.AssignWithdrawn, civhub.AssignClaimed}, civhub.BoardClaimed},
		{civhub.TaskOpen, []string{civhub.AssignClaimed, civhub.AssignSubmitted}, civhub.BoardSubmitted},
		{civhub.TaskOpen, []string{civhub.AssignSubmitted, civhub.AssignApproved}, civhub.BoardDone},
		{civhub.TaskClosed, []string{civhub.AssignWithdrawn}, civhub.BoardDone},
		{civhub.TaskClosed, nil, civhub.BoardClosed},
	} {
		if got := civhub.TaskStage(c.status, c.assignments); got != c.want {
			t.Errorf("%s %v: %s, want %s", c.status, c.assignments, got, c.want)
		}
	}
}

// TestBuildSituation: gaps are what open tasks need and nobody works with; gaps come first.
func TestBuildSituation(t *testing.T) {
	s := civhub.BuildSituation([]civhub.CrisisTask{
		{ID: 1, Skills: []string{"translation"}, Languages: []string{"ht"}, Stage: civhub.BoardOpen},
		{ID: 2, Skills: []string{"translation"}, Languages: []string{"fr"}, Stage: civhub.BoardClaimed, Working: []int64{7}},
		{ID: 3, Skills: []string{"mapping"}, Stage: civhub.BoardDone},
	}, []string{"fact_checking"}, []string{"es"})
	if s.Stages[civhub.BoardOpen] != 1 || s.Stages[civhub.BoardClaimed] != 1 || s.Stages[civhub.BoardDone] != 1 || s.Volunteers != 1 {
		t.Fatalf("%+v", s)
	}
	if s.Languages[0].ID != "ht" || !s.Languages[0].Gap || len(s.Languages) != 3 {
		t.Fatalf("languages: %+v", s.Languages)
	}
	for _, l := range s.Skills {
		if want := false; l.Gap != want {
			t.Errorf("skill %s is a gap: a translator works on the other translation", l.ID)
		}
	}
}
