package civhub

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"
)

// Reason says, in a message ID and its arguments, why a task suits a volunteer. Pages translate
// it into the viewer's language; skill and cause arguments are IDs that pages name.
type Reason struct {
	Key    string   // a message ID such as "match.skills"
	IDs    []string // skills, causes or languages it is about
	Number int      // hours, where the reason is about time
	Weeks  int      // weeks at the volunteer's pace, where the task takes longer than one
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
	weightCrisis   = 50 // a task an active crisis response needs now: above any ordinary match
	weightZone     = 5  // working hours overlap with the organization's
	weightCity     = 20 // on-site work in the volunteer's city
	weightCountry  = 10 // on-site work elsewhere in the volunteer's country
	minOverlap     = 3  // hours of shared working day that count as overlap
)

// now is the clock time-zone overlap is read at (summer time moves it).
var now = time.Now

// usableLevel reports whether a language level is enough to work in.
func usableLevel(level string) bool {
	return level == "conversational" || level == "fluent" || level == "native"
}

// ScoreTask scores how well task suits the volunteer with profile p, and says why. A task the
// volunteer cannot do (a translation without both languages) scores 0.
func ScoreTask(p *Profile, t *Task) Recommendation {
	r := Recommendation{Task: t}
	if !t.Remote && p.Country != "" && t.Country != "" && p.Country != t.Country {
		return r // work on site in another country: too far
	}
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
	if t.Type != TaskTranslation {
		work := t.WorkLanguages()
		var shared []string
		for _, l := range work {
			if usableLevel(langs[l]) {
				shared = append(shared, l)
			}
		}
		if len(shared) == 0 && len(work) > 0 && len(p.Languages) > 0 {
			return Recommendation{Task: t} // the work is in languages the volunteer does not work in
		}
		if len(shared) > 0 {
			r.Score += weightLanguage
			r.Reasons = append(r.Reasons, Reason{Key: "match.languages", IDs: shared})
		}
	}
	if r.Score == 0 {
		return r // nothing the volunteer brings: the rest does not make a match
	}
	if !t.Remote && p.Country != "" && p.Country == t.Country {
		if t.City != "" && strings.EqualFold(strings.TrimSpace(p.City), t.City) {
			r.Score += weightCity
			r.Reasons = append(r.Reasons, Reason{Key: "match.city", IDs: []string{t.City}})
		} else {
			r.Score += weightCountry
			r.Reasons = append(r.Reasons, Reason{Key: "match.country", IDs: []string{t.Country}})
		}
	}
	if h, ok := WorkingOverlap(p.TimeZone, t.OrgTimeZone, now()); ok && h >= minOverlap {
		r.Score += weightZone
		r.Reasons = append(r.Reasons, Reason{Key: "match.zone", Number: h})
	}
	if points, reason, ok := pace(p, t, now()); ok {
		r.Score += points
		r.Reasons = append(r.Reasons, reason)
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
	if t.InCrisis {
		r.Score += weightCrisis
		r.Reasons = append(r.Reasons, Reason{Key: "match.crisis"})
	} else if t.Urgency == UrgencyUrgent {
		r.Score += weightUrgent
		r.Reasons = append(r.Reasons, Reason{Key: "match.urgent"})
	}
	return r
}

// WorkLanguages returns the languages the task's work is done in: its own, else those storage
// filled in from its need or organization (InheritedLangs). A task that names no language is
// still written, discussed and handed in in its organization's languages: a Spanish-only
// group's task is no match for someone without Spanish.
func (t *Task) WorkLanguages() []string {
	if len(t.Languages) > 0 {
		return t.Languages
	}
	return t.InheritedLangs
}

// pace weighs the task's effort against the hours a week the volunteer has. A task done within
// one week of theirs "fits your week" and gets every point of time; a longer one says how many
// weeks it takes at their pace and gets less the longer it takes (half for two weeks, a third for
// three, none from eleven on); one they cannot finish at their pace before its deadline says so
// and gets nothing. Without hours a week on the profile, there is nothing to say (ok is false).
func pace(p *Profile, t *Task, at time.Time) (points int, r Reason, ok bool) {
	if p.HoursPerWeek <= 0 || t.EstimatedHours <= 0 {
		return 0, Reason{}, false
	}
	weeks := (t.EstimatedHours + p.HoursPerWeek - 1) / p.HoursPerWeek
	switch {
	case weeks == 1:
		return weightHours, Reason{Key: "match.hours", Number: t.EstimatedHours}, true
	case t.Deadline != nil && t.Deadline.Before(at.Add(time.Duration(weeks)*7*24*time.Hour)):
		return 0, Reason{Key: "match.pace.late", Number: t.EstimatedHours, Weeks: weeks}, true
	}
	return weightHours / weeks, Reason{Key: "match.pace.weeks", Number: t.EstimatedHours, Weeks: weeks}, true
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

// VolunteerMatch is a volunteer suggested for a task, with the score and why.
type VolunteerMatch struct {
	PersonID int64
	Name     string
	Score    int
	Reasons  []Reason
}

// Track is a volunteer's record and current load, for suggesting volunteers.
type Track struct {
	Completed     int // engagements approved or done
	Active        int // engagements going on now
	RecentMatches int // tasks suggested to them in the last week
}

// Parts of a volunteer's score beyond the task's fit.
const (
	weightRecord = 10 // work completed before, at most
	weightFree   = 5  // nothing else going on
	penaltyBusy  = 8  // per engagement going on, up to three
	penaltyAsked = 3  // per task suggested to them this week, up to five
)

// ForMembers returns the parts of p that signed-in members may see; suggestions to organizations
// use only those, so that nothing a volunteer keeps to partners decides or explains a match.
func (p *Profile) ForMembers() *Profile {
	q := &Profile{PersonID: p.PersonID}
	visible := func(part string) bool { v := p.VisibilityOf(part); return v == VisiblePublic || v == VisibleMembers }
	if visible(PartSkills) {
		q.Skills = p.Skills
	}
	if visible(PartLanguages) {
		q.Languages = p.Languages
	}
	if visible(PartAvailability) {
		q.HoursPerWeek, q.TimeZone = p.HoursPerWeek, p.TimeZone
	}
	if visible(PartCauses) {
		q.Causes = p.Causes
	}
	if visible(PartLocation) {
		q.Country, q.City = p.Country, p.City
	}
	return q
}

// ScoreVolunteer scores volunteer p for task t, as ScoreTask does, then adds their record and
// subtracts their load and how often civhub suggested them lately, so that tasks spread over many
// volunteers instead of all going to the same top few. The task's urgency is no reason about them.
func ScoreVolunteer(p *Profile, t *Task, tr Track) VolunteerMatch {
	rec := ScoreTask(p.ForMembers(), t)
	m := VolunteerMatch{PersonID: p.PersonID, Score: rec.Score}
	if m.Score == 0 {
		return m
	}
	// The reasons speak of the volunteer to the organization: match.them.*.
	for _, r := range rec.Reasons {
		if r.Key != "match.urgent" {
			r.Key = "match.them." + strings.TrimPrefix(r.Key, "match.")
			m.Reasons = append(m.Reasons, r)
		}
	}
	if tr.Completed > 0 {
		m.Score += min(weightRecord, 2*tr.Completed)
		m.Reasons = append(m.Reasons, Reason{Key: "match.them.record", Number: tr.Completed})
	}
	if tr.Active == 0 {
		m.Score += weightFree
		m.Reasons = append(m.Reasons, Reason{Key: "match.them.free"})
	}
	m.Score -= penaltyBusy*min(tr.Active, 3) + penaltyAsked*min(tr.RecentMatches, 5)
	m.Score = max(m.Score, 1) // still a match, only further down
	return m
}

// RankVolunteers orders matches best first; ties go to the lower ID, so that the order is stable.
func RankVolunteers(ms []VolunteerMatch, n int) []VolunteerMatch {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Score != ms[j].Score {
			return ms[i].Score > ms[j].Score
		}
		return ms[i].PersonID < ms[j].PersonID
	})
	return ms[:min(n, len(ms))]
}

// VolunteerMatcher finds the volunteers a task suits and invites them.
type VolunteerMatcher interface {
	// SuggestVolunteers returns up to n volunteers who suit the task, best first, with reasons.
	SuggestVolunteers(ctx context.Context, task int64, n int) ([]VolunteerMatch, error)
	// InviteVolunteer tells person that the organization of task invites them to it; ECONFLICT
	// when invited already, ETOOMANY past the organization's daily invitations.
	InviteVolunteer(ctx context.Context, task, person, by int64) error
	// RecommendTasks returns up to n listed tasks that suit person's profile, best first, with
	// reasons; none for a person without a profile.
	RecommendTasks(ctx context.Context, person int64, n int) ([]Recommendation, error)
	// MatchNewTasks suggests each task newly open to volunteers to those it suits best, and
	// returns how many tasks it matched.
	MatchNewTasks(ctx context.Context) (int, error)
}
