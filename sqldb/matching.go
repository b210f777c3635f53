package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"civhub"
)

// Bounds of a suggestion: how many people are looked at per skill or language (the least
// recently suggested first), and how many of the best get their record and load read before the
// final ranking.
const (
	candidateLimit = 100
	shortlist      = 50
)

// anyOf turns values into query arguments.
func anyOf[T any](values []T) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}

// SuggestVolunteers implements civhub.NeedService: volunteers whose visible profile suits the task,
// who are not on it yet and do not run its organization, best first, with reasons.
func (s *NeedService) SuggestVolunteers(ctx context.Context, task int64, n int) ([]civhub.VolunteerMatch, error) {
	var out []civhub.VolunteerMatch
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = suggestVolunteers(ctx, tx, task, n)
		return err
	})
	return out, err
}

func suggestVolunteers(ctx context.Context, tx *Tx, taskID int64, n int) ([]civhub.VolunteerMatch, error) {
	t, err := findTask(ctx, tx, taskID)
	if err != nil {
		return nil, err
	}
	if err := inheritLanguages(ctx, tx, []*civhub.Task{t}); err != nil {
		return nil, err
	}
	// Candidates: people with one of the task's skills or languages.
	seen := map[int64]bool{}
	var ids []int64
	collect := func(query string, values []string) error {
		for _, v := range values {
			found, err := collect1[int64](ctx, tx, query+` LIMIT `+strconv.Itoa(candidateLimit), v)
			if err != nil {
				return err
			}
			for _, id := range found {
				if !seen[id] {
					seen[id] = true
					ids = append(ids, id)
				}
			}
		}
		return nil
	}
	if err := collect(`SELECT person_id FROM profile_skills WHERE skill_id = $1 ORDER BY suggested, person_id`, t.Skills); err != nil {
		return nil, err
	}
	langs := t.WorkLanguages()
	if t.Type == civhub.TaskTranslation {
		langs = []string{t.TargetLanguage}
	}
	if err := collect(`SELECT person_id FROM profile_languages WHERE code = $1 ORDER BY suggested, person_id`, langs); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	// Not those already on the task, its organization's team, or disabled accounts.
	excluded, err := collect1[int64](ctx, tx, `SELECT volunteer_id FROM assignments WHERE task_id = $1
		UNION SELECT person_id FROM memberships WHERE organization_id = $2
		UNION SELECT id FROM people WHERE disabled_at IS NOT NULL AND id IN (`+placeholders(3, len(ids))+`)`,
		append([]any{t.ID, t.OrganizationID}, anyOf(ids)...)...)
	if err != nil {
		return nil, err
	}
	for _, id := range excluded {
		delete(seen, id)
	}
	ids = ids[:0]
	for id := range seen {
		ids = append(ids, id)
	}
	profiles, err := loadProfiles(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	var matches []civhub.VolunteerMatch
	for _, p := range profiles {
		if m := civhub.ScoreVolunteer(p, t, civhub.Track{}); m.Score > 0 {
			matches = append(matches, m)
		}
	}
	// Record and load change the order only among the best: read them for those.
	matches = civhub.RankVolunteers(matches, shortlist)
	ids = ids[:0]
	for _, m := range matches {
		ids = append(ids, m.PersonID)
	}
	tracks, names, err := loadTracks(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	for i, m := range matches {
		matches[i] = civhub.ScoreVolunteer(profiles[m.PersonID], t, tracks[m.PersonID])
		matches[i].Name = names[m.PersonID]
	}
	return civhub.RankVolunteers(matches, n), nil
}

// candidateTasks is how many tasks recommendations for one volunteer choose from.
const candidateTasks = 500

// RecommendTasks implements civhub.NeedService: the listed tasks that suit person best, with
// reasons, leaving out those they joined already and those of their own organizations (whose
// team they are on, as SuggestVolunteers leaves them out of their organizations' tasks).
func (s *NeedService) RecommendTasks(ctx context.Context, person int64, n int) ([]civhub.Recommendation, error) {
	var p *civhub.Profile
	err := s.db.View(ctx, func(tx *Tx) error {
		profiles, err := loadProfiles(ctx, tx, []int64{person})
		p = profiles[person]
		return err
	})
	if err != nil {
		return nil, err
	}
	var langs []string
	for _, l := range p.Languages {
		langs = append(langs, l.Code)
	}
	candidates, err := s.CandidateTasks(ctx, p.Skills, langs, candidateTasks)
	if err != nil {
		return nil, err
	}
	// The tasks of active crises are candidates whatever their skills, and rise above the rest
	// for those they suit (Task.InCrisis).
	urgent, err := s.CrisisTasks(ctx, candidateTasks)
	if err != nil {
		return nil, err
	}
	for _, t := range urgent {
		i := slices.IndexFunc(candidates, func(c *civhub.Task) bool { return c.ID == t.ID })
		if i < 0 {
			candidates, i = append(candidates, t), len(candidates)
		}
		candidates[i].InCrisis = true
	}
	if len(candidates) == 0 {
		return nil, nil
	}
	var fresh []*civhub.Task
	err = s.db.View(ctx, func(tx *Tx) error {
		joined, err := collect1[int64](ctx, tx, `SELECT task_id FROM assignments WHERE volunteer_id = $1`, person)
		if err != nil {
			return err
		}
		own, err := collect1[int64](ctx, tx, `SELECT organization_id FROM memberships WHERE person_id = $1`, person)
		if err != nil {
			return err
		}
		for _, t := range candidates {
			if !slices.Contains(joined, t.ID) && !slices.Contains(own, t.OrganizationID) {
				fresh = append(fresh, t)
			}
		}
		return inheritLanguages(ctx, tx, fresh)
	})
	if err != nil {
		return nil, err
	}
	return civhub.Recommend(p, fresh, n), nil
}

// inheritLanguages fills in, for each task that names no language, the languages of its need or,
// when the need names none either, of its organization: the languages its work is done in.
func inheritLanguages(ctx context.Context, tx *Tx, tasks []*civhub.Task) error {
	byNeed := map[int64][]*civhub.Task{}
	var needs []any
	for _, t := range tasks {
		if len(t.Languages) == 0 {
			if byNeed[t.NeedID] == nil {
				needs = append(needs, t.NeedID)
			}
			byNeed[t.NeedID] = append(byNeed[t.NeedID], t)
		}
	}
	if len(needs) == 0 {
		return nil
	}
	return eachRow(ctx, tx, func(r scanner) error {
		var id int64
		var need, org list
		if err := r.Scan(&id, &need, &org); err != nil {
			return err
		}
		langs := []string(need)
		if len(langs) == 0 {
			langs = []string(org)
		}
		for _, t := range byNeed[id] {
			t.InheritedLangs = langs
		}
		return nil
	}, `SELECT n.id, n.languages, o.languages FROM needs n JOIN organizations o ON o.id = n.organization_id
		WHERE n.id IN (`+placeholders(1, len(needs))+`)`, needs...)
}

// loadProfiles reads the profiles of ids in a few queries.
func loadProfiles(ctx context.Context, tx *Tx, ids []int64) (map[int64]*civhub.Profile, error) {
	out := map[int64]*civhub.Profile{}
	if len(ids) == 0 {
		return out, nil
	}
	for _, id := range ids {
		out[id] = &civhub.Profile{PersonID: id, Visibility: map[string]civhub.Visibility{}}
	}
	in, args := placeholders(1, len(ids)), anyOf(ids)
	err := eachRow(ctx, tx, func(r scanner) error {
		var id int64
		var zone, visibility string
		var hours int
		var country, city string
		if err := r.Scan(&id, &zone, &hours, &country, &city, &visibility); err != nil {
			return err
		}
		p := out[id]
		p.TimeZone, p.HoursPerWeek, p.Country, p.City = zone, hours, country, city
		if visibility != "" {
			if err := json.Unmarshal([]byte(visibility), &p.Visibility); err != nil {
				return fmt.Errorf("profile %d visibility: %w", id, err)
			}
		}
		return nil
	}, `SELECT person_id, time_zone, hours_per_week, country, city, visibility FROM profiles WHERE person_id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	for _, part := range []struct {
		query string
		add   func(p *civhub.Profile, value, level string)
	}{
		{`SELECT person_id, skill_id, '' FROM profile_skills WHERE person_id IN (` + in + `)`,
			func(p *civhub.Profile, v, _ string) { p.Skills = append(p.Skills, v) }},
		{`SELECT person_id, cause_id, '' FROM profile_causes WHERE person_id IN (` + in + `)`,
			func(p *civhub.Profile, v, _ string) { p.Causes = append(p.Causes, v) }},
		{`SELECT person_id, code, level FROM profile_languages WHERE person_id IN (` + in + `)`,
			func(p *civhub.Profile, v, level string) {
				p.Languages = append(p.Languages, civhub.LanguageSkill{Code: v, Level: level})
			}},
	} {
		err := eachRow(ctx, tx, func(r scanner) error {
			var id int64
			var value, level string
			if err := r.Scan(&id, &value, &level); err != nil {
				return err
			}
			part.add(out[id], value, level)
			return nil
		}, part.query, args...)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// loadTracks reads the record, load and recent suggestions of ids, and their names.
func loadTracks(ctx context.Context, tx *Tx, ids []int64) (map[int64]civhub.Track, map[int64]string, error) {
	tracks, names := map[int64]civhub.Track{}, map[int64]string{}
	if len(ids) == 0 {
		return tracks, names, nil
	}
	in, args := placeholders(1, len(ids)), anyOf(ids)
	err := eachRow(ctx, tx, func(r scanner) error {
		var id int64
		var name string
		err := r.Scan(&id, &name)
		names[id] = name
		return err
	}, `SELECT id, display_name FROM people WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, nil, err
	}
	weekAgo := tx.Now().Add(-7 * 24 * time.Hour)
	n := len(ids)
	for _, c := range []struct {
		query string
		args  []any
		set   func(tr *civhub.Track, v int)
	}{
		{`SELECT volunteer_id, COUNT(*) FROM assignments WHERE status IN ` + completedStatuses + ` AND volunteer_id IN (` + in + `) GROUP BY volunteer_id`,
			args, func(tr *civhub.Track, v int) { tr.Completed = v }},
		{`SELECT volunteer_id, COUNT(*) FROM assignments WHERE status IN ` + workingStatuses + `
			AND volunteer_id IN (` + in + `) GROUP BY volunteer_id`, args, func(tr *civhub.Track, v int) { tr.Active = v }},
		{`SELECT person_id, COUNT(*) FROM notifications WHERE kind = $` + strconv.Itoa(n+1) + ` AND created_at > $` + strconv.Itoa(n+2) +
			` AND person_id IN (` + in + `) GROUP BY person_id`, append(append([]any{}, args...), civhub.NoteNewMatch, weekAgo),
			func(tr *civhub.Track, v int) { tr.RecentMatches = v }},
	} {
		err := eachRow(ctx, tx, func(r scanner) error {
			var id int64
			var v int
			if err := r.Scan(&id, &v); err != nil {
				return err
			}
			tr := tracks[id]
			c.set(&tr, v)
			tracks[id] = tr
			return nil
		}, c.query, c.args...)
		if err != nil {
			return nil, nil, err
		}
	}
	return tracks, names, nil
}

// inviteLimit keeps an organization from inviting more than this many volunteers a day.
var inviteLimit = newLimit("invite_volunteer", 30, 24*time.Hour)

// InviteVolunteer implements civhub.NeedService.
func (s *NeedService) InviteVolunteer(ctx context.Context, task, person, by int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		t, err := findTask(ctx, tx, task)
		if err != nil {
			return err
		}
		if _, err := findPersonByID(ctx, tx, person); err != nil {
			return err
		}
		// An invitation names the organization and who sent it: an organization in at-risk mode may
		// invite only the people who may see it already.
		var hidden bool
		if err := tx.QueryRowContext(ctx, `SELECT o.at_risk AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = o.id AND m.person_id = $2)
			AND NOT EXISTS (SELECT 1 FROM trusted_people tp WHERE tp.organization_id = o.id AND tp.person_id = $2)
			FROM organizations o WHERE o.id = $1`, t.OrganizationID, person).Scan(&hidden); err != nil {
			return err
		}
		if hidden {
			return civhub.E(civhub.EFORBIDDEN, "err.invite_hidden", "Your organization is in at-risk mode and this volunteer cannot see it. Add them to the people you trust first, then invite them.")
		}
		if err := hit(ctx, tx, inviteLimit, strconv.FormatInt(t.OrganizationID, 10)); err != nil {
			return err
		}
		var invited int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE person_id = $1 AND dedup_key = $2`,
			person, "invited:"+strconv.FormatInt(task, 10)).Scan(&invited); err != nil {
			return err
		}
		if invited > 0 {
			return civhub.E(civhub.ECONFLICT, "err.invited_already", "You invited this volunteer to this task already.")
		}
		if err := s.notes.notify(ctx, tx, person, note{kind: civhub.NoteInvited, task: task, actor: by,
			dedup: "invited:" + strconv.FormatInt(task, 10)}); err != nil {
			return err
		}
		if err := markSuggested(ctx, tx, []int64{person}); err != nil {
			return err
		}
		return audit(ctx, tx, civhub.AuditEntry{ActorID: by, PersonID: person, OrganizationID: t.OrganizationID,
			Action: civhub.AuditTaskStep, Detail: taskDetail("audit.detail.task_invited", task, "")})
	})
}

// newMatchesPerTask is how many volunteers hear of each new task.
const newMatchesPerTask = 20

// MatchNewTasks implements civhub.NeedService: each task newly open to volunteers is suggested to
// the volunteers it suits best, spread as SuggestVolunteers spreads them, in their digests.
func (s *NeedService) MatchNewTasks(ctx context.Context) (int, error) {
	var tasks []int64
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		tasks, err = collect1[int64](ctx, tx, `SELECT id FROM tasks WHERE listed = TRUE AND matched_at IS NULL ORDER BY id LIMIT 50`)
		return err
	})
	if err != nil {
		return 0, err
	}
	for _, id := range tasks {
		err := s.db.Update(ctx, func(tx *Tx) error {
			matches, err := suggestVolunteers(ctx, tx, id, newMatchesPerTask)
			if err != nil {
				return err
			}
			var people []int64
			for _, m := range matches {
				if err := s.notes.notify(ctx, tx, m.PersonID, note{kind: civhub.NoteNewMatch, task: id,
					dedup: "new_match:" + strconv.FormatInt(id, 10)}); err != nil {
					return err
				}
				people = append(people, m.PersonID)
			}
			if err := markSuggested(ctx, tx, people); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE tasks SET matched_at = $1 WHERE id = $2`, tx.Now(), id)
			return err
		})
		if err != nil {
			return 0, err
		}
	}
	return len(tasks), nil
}

// markSuggested moves people to the back of the candidate rotation.
func markSuggested(ctx context.Context, tx *Tx, people []int64) error {
	if len(people) == 0 {
		return nil
	}
	in := placeholders(2, len(people))
	args := append([]any{tx.Now().Unix()}, anyOf(people)...)
	for _, table := range []string{"profile_skills", "profile_languages"} {
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET suggested = $1 WHERE person_id IN (`+in+`)`, args...); err != nil {
			return err
		}
	}
	return nil
}
