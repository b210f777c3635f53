package gen

import (
	"context"
	"slices"
	"strconv"
	"time"

	"civhub"
)

// engagement is one assignment's row as it is made.
type engagement struct {
	status           string
	created, updated time.Time
	expires          *time.Time
}

// engagements writes the assignments of volunteers with t, as the workflow would have left them:
// exactly t.taken of them hold a place (the count the workflow keeps in slots_taken), each
// volunteer is engaged once, claims still run, and an application accepted has its agreement.
func (g *generator) engagements(ctx context.Context, t *task) error {
	var list []engagement
	switch t.out {
	case outOpen:
		if !t.listed {
			return nil // never shown to volunteers
		}
		for range t.taken {
			list = append(list, g.holding(t))
		}
		if t.mode == civhub.JoinApply && t.taken < t.wanted {
			for range applicants[g.rng.IntN(len(applicants))] {
				created := g.recent(t.created, 5*24*time.Hour) // answered within AnswerDays, so none expired
				list = append(list, engagement{status: civhub.AssignApplied, created: created, updated: created})
			}
		}
		if g.rng.IntN(100) < 15 {
			list = append(list, g.between(pick(g.rng, endings[t.mode]), t.created, g.now))
		}
	case outDone:
		for range t.taken {
			list = append(list, g.between(civhub.AssignApproved, t.created, t.updated))
		}
		if g.rng.IntN(100) < 20 {
			list = append(list, g.between(civhub.AssignWithdrawn, t.created, t.updated))
		}
	case outCancelled:
		if g.rng.IntN(100) < 30 {
			list = append(list, g.between(civhub.AssignCancelled, t.created, t.updated))
		}
	}
	var volunteers []int64
	for _, e := range list {
		v := g.activeVolunteer()
		for slices.Contains(volunteers, v) {
			v = 1 + v%int64(g.scale.Volunteers)
		}
		volunteers = append(volunteers, v)
		if err := g.writeEngagement(ctx, t, v, e); err != nil {
			return err
		}
	}
	return nil
}

// applicants are how many volunteers wait for an answer on a task they apply to, drawn evenly.
var applicants = []int{0, 0, 0, 0, 1, 1, 2, 2, 2, 3}

// endings are how an engagement ends before the work is done, by how volunteers join.
var endings = map[string][]string{civhub.JoinClaim: {civhub.AssignWithdrawn, civhub.AssignReleased},
	civhub.JoinApply: {civhub.AssignDeclined, civhub.AssignWithdrawn}}

// The statuses of a place held on an open task, and how often in percent, by how volunteers join.
var holdings = map[string][]struct {
	status string
	weight int
}{
	civhub.JoinClaim: {{civhub.AssignClaimed, 40}, {civhub.AssignInProgress, 35}, {civhub.AssignSubmitted, 15}, {civhub.AssignReturned, 10}},
	civhub.JoinApply: {{civhub.AssignAccepted, 30}, {civhub.AssignInProgress, 45}, {civhub.AssignSubmitted, 15}, {civhub.AssignReturned, 10}},
}

// holding is an engagement that holds a place on open task t: a claim made within its hours, or
// work going on, most with news in the last two weeks.
func (g *generator) holding(t *task) engagement {
	n := g.rng.IntN(100)
	var status string
	for _, h := range holdings[t.mode] {
		if status = h.status; n < h.weight {
			break
		}
		n -= h.weight
	}
	if status == civhub.AssignClaimed {
		created := g.recent(t.created, claimHours*time.Hour)
		expires := created.Add(claimHours * time.Hour)
		return engagement{status: status, created: created, updated: created, expires: &expires}
	}
	created := t.created.Add(time.Duration(g.rng.Float64() * float64(g.now.Sub(t.created))))
	quiet := 14 * 24 * time.Hour
	if g.rng.IntN(100) < 15 {
		quiet *= 2 // some have gone quiet: the promises job will ask them
	}
	return engagement{status: status, created: created, updated: maxTime(created, g.now.Add(-time.Duration(g.rng.Float64()*float64(quiet))))}
}

// recent is a time within the last span, and not before since.
func (g *generator) recent(since time.Time, span time.Duration) time.Time {
	return g.now.Add(-time.Duration(g.rng.Float64() * float64(min(span, g.now.Sub(since)))))
}

// between is an engagement in status that began and last changed between from and to.
func (g *generator) between(status string, from, to time.Time) engagement {
	span := float64(to.Sub(from))
	created := from.Add(time.Duration(g.rng.Float64() * 0.7 * span))
	return engagement{status: status, created: created, updated: created.Add(time.Duration(g.rng.Float64() * float64(to.Sub(created))))}
}

// writeEngagement writes volunteer v's engagement e with t, and its agreement when t's organization
// accepted it.
func (g *generator) writeEngagement(ctx context.Context, t *task, v int64, e engagement) error {
	g.assignments++
	id := g.assignments
	deliverable := ""
	if e.status == civhub.AssignSubmitted || e.status == civhub.AssignApproved || e.status == civhub.AssignReturned {
		deliverable = "https://docs.example.org/" + strconv.FormatInt(id, 10)
	}
	if err := g.out.add(ctx, "assignments", []string{"id", "task_id", "volunteer_id", "status", "deliverable", "expires_at",
		"created_at", "updated_at"},
		id, t.id, v, e.status, deliverable, timeOrNull(e.expires), e.created, e.updated); err != nil {
		return err
	}
	if t.mode != civhub.JoinApply || !civhub.HoldsSlot(e.status) {
		return nil
	}
	orgAgreed := e.created.Add(time.Duration(g.rng.Float64() * 0.3 * float64(e.updated.Sub(e.created))))
	var volunteerAgreed any
	if e.status != civhub.AssignAccepted || g.rng.IntN(10) < 6 {
		volunteerAgreed = orgAgreed.Add(time.Duration(g.rng.Float64() * 0.5 * float64(e.updated.Sub(orgAgreed))))
	}
	return g.out.add(ctx, "agreements", []string{"assignment_id", "scope", "hours", "deadline", "answer_days", "org_agreed_by",
		"org_agreed_at", "volunteer_agreed_at"},
		id, t.title+".", t.hours, timeOrNull(t.deadline), []int{2, 3, 3, 7}[g.rng.IntN(4)], t.owner, orgAgreed, volunteerAgreed)
}
