package civhub

import (
	"slices"
	"sort"
)

// Reason says, in a message ID and its arguments, why a task suits a volunteer. Pages translate
// it into the viewer's language; skill and cause arguments are IDs that pages name.
type Reason struct {
	Key    string   // a message ID such as "match.skills"
	IDs    []string // skills, causes or languages it is about
	Number int      // hours, where the reason is about time
}

// Recommendation is a task suggested to a volunteer, with its score and why.
type Recommendation struct {
	Task    *Task
	Score   int
	Reasons []Reason
}

// Weights of the parts of a match, out of about 100.
const (
	weightSkills   = 40
	weightLanguage = 20
	weightPair     = 25
	weightHours    = 10
	weightCauses   = 10
	weightUrgent   = 5
)

// usableLevel reports whether a language level is enough to work in.
func usableLevel(level string) bool {
	return level == "conversational" || level == "fluent" || level == "native"
}

// ScoreTask scores how well task suits the volunteer with profile p, and says why. A task the
// volunteer cannot do (a translation without both languages) scores 0.
func ScoreTask(p *Profile, t *Task) Recommendation {
	r := Recommendation{Task: t}
	langs := map[string]string{}
	for _, l := range p.Languages {
		langs[l.Code] = l.Level
	}
	if t.Type == TaskTranslation {
		target := langs[t.TargetLanguage]
		if !usableLevel(langs[t.SourceLanguage]) || (target != "fluent" && target != "native") {
			return r
		}
		r.Score += weightPair
		r.Reasons = append(r.Reasons, Reason{Key: "match.pair", IDs: []string{t.SourceLanguage, t.TargetLanguage}})
	}
	var skills []string
	for _, s := range t.Skills {
		if slices.Contains(p.Skills, s) {
			skills = append(skills, s)
		}
	}
	if len(skills) > 0 {
		r.Score += weightSkills * len(skills) / len(t.Skills)
		r.Reasons = append(r.Reasons, Reason{Key: "match.skills", IDs: skills})
	}
	var shared []string
	for _, l := range t.Languages {
		if usableLevel(langs[l]) {
			shared = append(shared, l)
		}
	}
	if len(shared) > 0 && t.Type != TaskTranslation {
		r.Score += weightLanguage
		r.Reasons = append(r.Reasons, Reason{Key: "match.languages", IDs: shared})
	}
	if r.Score == 0 {
		return r // nothing the volunteer brings: the rest does not make a match
	}
	if p.HoursPerWeek > 0 && t.EstimatedHours <= 2*p.HoursPerWeek {
		r.Score += weightHours
		r.Reasons = append(r.Reasons, Reason{Key: "match.hours", Number: t.EstimatedHours})
	}
	var causes []string
	for _, c := range t.NeedCauses {
		if slices.Contains(p.Causes, c) {
			causes = append(causes, c)
		}
	}
	if len(causes) > 0 {
		r.Score += weightCauses
		r.Reasons = append(r.Reasons, Reason{Key: "match.causes", IDs: causes})
	}
	if t.Urgency == UrgencyUrgent {
		r.Score += weightUrgent
		r.Reasons = append(r.Reasons, Reason{Key: "match.urgent"})
	}
	return r
}

// Recommend scores candidate tasks for the volunteer and returns the best n that match at all,
// best first; ties go to the task with the most places left, so that suggestions spread over tasks
// instead of piling onto one.
func Recommend(p *Profile, candidates []*Task, n int) []Recommendation {
	var out []Recommendation
	for _, t := range candidates {
		if r := ScoreTask(p, t); r.Score > 0 && t.SlotsLeft() > 0 {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Task.SlotsLeft() > out[j].Task.SlotsLeft()
	})
	return out[:min(n, len(out))]
}
