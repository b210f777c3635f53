package gen

import (
	"context"
	"time"

	"civhub"
)

// task is a task's row as it is made, with what its engagements are made from.
type task struct {
	id, need, org    int64
	owner            int64 // the organization's owner, who agrees to engagements
	lang             string
	kind             *taskKind
	title            string
	out              uint8 // outDraft…
	status           string
	listed           bool // open to volunteers, with a place left or full (sqldb's listed and listed_full)
	wanted, taken    int
	mode             string
	hours            int
	created, updated time.Time
	deadline         *time.Time
}

// needs writes the needs, oldest first, each followed by its tasks and the work on them.
func (g *generator) needs(ctx context.Context) error {
	for i, p := range g.planNeeds() {
		if err := g.need(ctx, int64(i+1), p); err != nil {
			return err
		}
	}
	return nil
}

// need writes need id, planned as p, with its tasks (two, the last need of an odd count one).
func (g *generator) need(ctx context.Context, id int64, p needPlan) error {
	o := &g.orgs[p.org]
	project, place := g.phrase(projects[o.lang]), g.phrase(places[o.lang])
	var ts []*task
	for tid := 2*id - 1; tid <= min(2*id, int64(g.scale.Tasks)); tid++ {
		t := &task{id: tid, need: id, org: int64(p.org) + 1, owner: o.owner, lang: o.lang, kind: g.kind(), out: g.outcome(p.life)}
		t.status, t.wanted = taskStatus(t.out), g.wanted()
		g.schedule(t, p.created)
		g.slots(t, p.life)
		ts = append(ts, t)
	}
	status := needStatus(p.life, ts)
	cause := o.cause
	if g.rng.IntN(10) < 3 {
		cause = pick(g.rng, g.causes)
	}
	title := capitalized(project) + " " + place
	updated := p.created
	for _, t := range ts {
		t.listed = listed(t.status, status, civhub.Verified, false) // every organization is verified, none at risk
		updated = maxTime(updated, t.updated)
	}
	if err := g.out.add(ctx, "needs", []string{"id", "organization_id", "title", "description", "causes", "languages", "status",
		"created_by", "created_at", "updated_at"},
		id, int64(p.org)+1, title, title+".", jsonList(cause), jsonList(o.lang), status, o.owner, p.created, updated); err != nil {
		return err
	}
	description := " " + g.phrase(openers[o.lang]) + " " + project + " " + place + "."
	for _, t := range ts {
		if err := g.writeTask(ctx, t, description); err != nil {
			return err
		}
	}
	return nil
}

// writeTask writes t with its skills and the engagements of volunteers with it; its description is
// its title and then more, the sentence that names its need's project.
func (g *generator) writeTask(ctx context.Context, t *task, more string) error {
	t.title = g.taskTitle(t.kind, t.lang)
	source, target := "", ""
	if t.kind.typ == civhub.TaskTranslation {
		source, target = t.lang, "en"
		if t.lang == "en" {
			target = "es"
		}
	}
	// The type's own skills first, and sometimes one of any kind.
	skills := []string{g.phrase(t.kind.skills)}
	if s := g.skills[g.skillZipf.Uint64()]; g.rng.IntN(2) == 0 && s != skills[0] {
		skills = append(skills, s)
	}
	urgency := civhub.UrgencyNormal
	if g.rng.IntN(10) == 0 {
		urgency = civhub.UrgencyUrgent
	}
	t.mode = civhub.JoinClaim
	if g.rng.IntN(3) == 0 {
		t.mode = civhub.JoinApply
	}
	t.hours = 1 + g.rng.IntN(20)
	var matched any // suggested to volunteers once listed; never for a task that was not
	if t.listed || t.out == outDone || t.out == outCancelled {
		matched = t.created.Add(time.Duration(g.rng.IntN(3600)) * time.Second)
	}
	if err := g.out.add(ctx, "tasks", []string{"id", "need_id", "organization_id", "title", "description", "type", "skills",
		"languages", "source_language", "target_language", "estimated_hours", "deadline", "volunteers_wanted", "slots_taken", "urgency",
		"join_mode", "status", "listed", "listed_full", "matched_at", "created_at", "updated_at"},
		t.id, t.need, t.org, t.title, t.title+"."+more, t.kind.typ, jsonList(skills...), jsonList(t.lang), source, target,
		t.hours, timeOrNull(t.deadline), t.wanted, t.taken, urgency, t.mode, t.status, t.listed && t.taken < t.wanted, t.listed && t.taken >= t.wanted, matched,
		t.created, t.updated); err != nil {
		return err
	}
	for _, s := range skills {
		if err := g.out.add(ctx, "task_skills", []string{"task_id", "skill_id"}, t.id, s); err != nil {
			return err
		}
	}
	if err := g.engagements(ctx, t); err != nil {
		return err
	}
	return g.tick(ctx)
}

// claimHours is how long a claim holds a place: the application's default, which is also the
// column's, so that tasks are written without it (on SQLite, each column of a multi-row INSERT
// costs time).
const claimHours = 72

// timeOrNull is t, or NULL when there is none.
func timeOrNull(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}
