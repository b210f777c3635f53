package gen

import (
	"math"
	"sort"
	"time"

	"civhub"
)

// The lifecycles of a need. Each need has two tasks, whose state follows from the need's.
const (
	lifeDraft     = iota // a draft: its tasks are drafts, or open by default but not listed
	lifeOpen             // open, in progress once a volunteer holds a place: its tasks are listed (a few still drafts)
	lifeDone             // completed: its tasks are closed, most after the work was done
	lifeCancelled        // archived: its tasks are closed, most without the work done
	lifeCount
)

// lifeShares are the shares of needs in each lifecycle, in percent. With the tasks' own draws (see
// outcome) they give, of tasks: 35% open and listed, 5% open in a draft need (not listed), 10%
// drafts, 34.5% closed after being done and 15.5% closed without being done.
var lifeShares = [lifeCount]int{lifeDraft: 10, lifeOpen: 40, lifeDone: 35, lifeCancelled: 15}

// What became of a task.
const (
	outDraft     = iota // status draft
	outOpen             // status open
	outDone             // closed after volunteers did the work
	outCancelled        // closed without it
)

// history is how far back the generated needs go.
const history = 730 * 24 * time.Hour

// orgSkew is the exponent of the power law of organizations' sizes within a region: at medium scale
// the largest organization posts a few hundred needs, the median one or two, and a third none.
const orgSkew = 0.8

// needPlan is what is decided of a need before its rows are written: needs are written oldest
// first, so that IDs follow creation times as they do in use.
type needPlan struct {
	org     int32 // index in generator.orgs
	life    uint8
	created time.Time
}

// planNeeds draws the needs of the world, each with its organization, its lifecycle and its
// creation time, oldest first. A need's region is drawn first, by the regions' weights, so that
// the languages keep their shares however unequal the organizations are; then one of the region's
// organizations, by a power law of their sizes: a few post many needs, most few or none.
func (g *generator) planNeeds() []needPlan {
	byLang := map[string]*orgGroup{}
	all := &orgGroup{}
	for i, o := range g.orgs {
		if byLang[o.lang] == nil {
			byLang[o.lang] = &orgGroup{}
		}
		byLang[o.lang].orgs = append(byLang[o.lang].orgs, int32(i))
		all.orgs = append(all.orgs, int32(i))
	}
	for _, grp := range append([]*orgGroup{all}, groupsInOrder(byLang)...) {
		// The organizations take the ranks of the power law in a shuffled order: the large ones are
		// spread over the IDs.
		g.rng.Shuffle(len(grp.orgs), func(i, j int) { grp.orgs[i], grp.orgs[j] = grp.orgs[j], grp.orgs[i] })
		grp.sizes = newSkewed(len(grp.orgs), orgSkew)
	}
	plans := make([]needPlan, (g.scale.Tasks+1)/2)
	for i := range plans {
		p := &plans[i]
		grp := byLang[mainLanguage(g.region())]
		if grp == nil {
			grp = all
		}
		p.org = grp.orgs[grp.sizes.draw(g.rng)]
		n := g.rng.IntN(100)
		for p.life = 0; n >= lifeShares[p.life]; p.life++ {
			n -= lifeShares[p.life]
		}
		p.created = g.now.Add(-g.age(p.life))
	}
	sort.SliceStable(plans, func(i, j int) bool { return plans[i].created.Before(plans[j].created) })
	return plans
}

// orgGroup is organizations of one language, in the order of their sizes' ranks.
type orgGroup struct {
	orgs  []int32 // indexes in generator.orgs
	sizes skewed
}

// groupsInOrder lists groups in a fixed order of their languages, so that the same seed draws the
// same.
func groupsInOrder(groups map[string]*orgGroup) []*orgGroup {
	var out []*orgGroup
	for _, lang := range languages {
		if grp := groups[lang]; grp != nil {
			out = append(out, grp)
		}
	}
	return out
}

// age is how long ago a need of lifecycle life was posted: drafts are recent, open needs mostly
// of the last three months, closed ones of any time in the last two years.
func (g *generator) age(life uint8) time.Duration {
	day := float64(24 * time.Hour)
	switch {
	case life == lifeDraft:
		return time.Duration(g.rng.Float64() * 21 * day)
	case life == lifeOpen && g.rng.IntN(100) < 85:
		return time.Duration(g.rng.Float64() * 90 * day)
	case life == lifeOpen:
		return time.Duration((90 + g.rng.Float64()*275) * day)
	}
	return time.Duration((14 + g.rng.Float64()*716) * day)
}

// outcome draws what became of a task of a need of lifecycle life.
func (g *generator) outcome(life uint8) uint8 {
	n := g.rng.IntN(40)
	switch life {
	case lifeDraft:
		return [2]uint8{outDraft, outOpen}[n%2]
	case lifeOpen:
		if n < 5 {
			return outDraft
		}
		return outOpen
	case lifeDone:
		if n < 4 {
			return outCancelled
		}
		return outDone
	}
	if n < 8 {
		return outDone
	}
	return outCancelled
}

// needStatus is the status of a need of lifecycle life with tasks ts.
func needStatus(life uint8, ts []*task) string {
	switch life {
	case lifeDraft:
		return civhub.NeedDraft
	case lifeDone:
		return civhub.NeedCompleted
	case lifeCancelled:
		return civhub.NeedArchived
	}
	for _, t := range ts {
		if t.taken > 0 {
			return civhub.NeedInProgress
		}
	}
	return civhub.NeedOpen
}

// listed is whether civhub lists a task in the search of open tasks, the rule sqldb's
// refreshListing keeps in the tasks' listed column: the task is open, its need open or in progress,
// and its organization verified and not hidden in at-risk mode.
func listed(taskStatus, needStatus, verification string, atRisk bool) bool {
	return taskStatus == civhub.TaskOpen && (needStatus == civhub.NeedOpen || needStatus == civhub.NeedInProgress) &&
		verification == civhub.Verified && !atRisk
}

// taskStatus is the status column of a task with outcome out.
func taskStatus(out uint8) string {
	switch out {
	case outDraft:
		return civhub.TaskDraft
	case outOpen:
		return civhub.TaskOpen
	}
	return civhub.TaskClosed
}

// schedule sets a task's times: created soon after its need; a closed one closed between a week
// and four months later, before now.
func (g *generator) schedule(t *task, need time.Time) {
	t.created = need.Add(time.Duration(g.rng.Float64() * float64(min(3*24*time.Hour, g.now.Sub(need)))))
	t.updated = t.created
	if t.out == outDone || t.out == outCancelled {
		span := min(120*24*time.Hour, g.now.Add(-time.Hour).Sub(t.created))
		t.updated = t.created.Add(time.Duration(float64(span) * (0.05 + 0.95*g.rng.Float64())))
	}
	t.deadline = g.deadline(t)
}

// deadline is when a task is due: a third have none; drafts and open tasks are due at any hour of
// the next 120 days (a few are overdue), closed ones around when they closed.
func (g *generator) deadline(t *task) *time.Time {
	if g.rng.IntN(100) < 33 {
		return nil
	}
	today := g.now.Truncate(24 * time.Hour)
	var day time.Time
	switch {
	case t.out == outDone || t.out == outCancelled:
		day = t.updated.Truncate(24*time.Hour).AddDate(0, 0, g.rng.IntN(16)-5)
		day = maxTime(minTime(day, today.AddDate(0, 0, -1)), t.created.Truncate(24*time.Hour).AddDate(0, 0, 1))
	case g.rng.IntN(100) < 5:
		day = today.AddDate(0, 0, -1-g.rng.IntN(30))
	default:
		day = today.AddDate(0, 0, g.rng.IntN(121))
	}
	minute := 0
	switch n := g.rng.IntN(100); {
	case n >= 85:
		minute = g.rng.IntN(60)
	case n >= 70:
		minute = 30
	}
	d := day.Add(time.Duration(g.rng.IntN(24))*time.Hour + time.Duration(minute)*time.Minute)
	return &d
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// wantedSizes are how many volunteers a task asks for, and how often in percent: most want one,
// a few microtasks want many.
var wantedSizes = []struct{ n, weight int }{{1, 55}, {2, 20}, {3, 12}, {5, 8}, {10, 4}, {20, 1}}

func (g *generator) wanted() int {
	n := g.rng.IntN(100)
	for _, s := range wantedSizes {
		if n < s.weight {
			return s.n
		}
		n -= s.weight
	}
	return 1
}

// slots sets how many places of a task volunteers hold: half the listed tasks have none taken yet,
// a third some, the rest all; a task done was done by most of those it wanted; drafts, tasks not
// yet listed and cancelled ones hold none.
func (g *generator) slots(t *task, life uint8) {
	switch {
	case t.out == outOpen && life == lifeOpen:
		switch n := g.rng.IntN(100); {
		case n < 50:
		case n < 85:
			t.taken = 1 + g.rng.IntN(max(t.wanted-1, 1))
		default:
			t.taken = t.wanted
		}
	case t.out == outDone:
		t.taken = t.wanted - g.rng.IntN(t.wanted/2+1)
	}
}

// activeVolunteer draws a volunteer for an engagement: a few volunteers take on many tasks, most
// few or none. Ranks are spread over the IDs by a step prime to their number.
func (g *generator) activeVolunteer() int64 {
	v := g.scale.Volunteers
	rank := min(int(float64(v)*math.Pow(g.rng.Float64(), 1.5)), v-1)
	return 1 + int64(rank*g.volunteerStep%v)
}
