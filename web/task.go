package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
)

// tasksPage is the search of open tasks.
type tasksPage struct {
	Page
	Tasks     []*civhub.Task
	Filter    civhub.TaskFilter
	Types     []Option
	Skills    []Option
	Causes    []Option
	Remote    []Option
	Languages []Option
	Countries []Option
	Due       []Option
	MoreOpen  bool // a filter folded under "More filters" is in use
	Next      string
	NextURL   string
	PlacesURL string         // the same search among the tasks with a place left, or among the full ones
	Crisis    []*civhub.Task // urgent tasks of active crises, above the first page
}

// dueWithin are the deadline windows the task list offers, in days.
var dueWithin = []int{7, 30}

// readTaskFilter reads a search from the query string, ignoring what it does not understand.
func readTaskFilter(q map[string][]string) civhub.TaskFilter {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	f := civhub.TaskFilter{Query: get("q"), Type: get("type"), Skill: get("skill"), Language: get("language"),
		Country: strings.ToUpper(get("country")), Cause: get("cause"), Sort: get("sort"), After: get("after"), Limit: 20,
		UrgentOnly: get("urgent") == "on", Full: get("places") == "full"}
	if !slices.Contains(civhub.TaskTypes, f.Type) {
		f.Type = ""
	}
	if f.Sort != "deadline" {
		f.Sort = ""
	}
	if h, err := strconv.Atoi(get("max_hours")); err == nil && h > 0 {
		f.MaxHours = h
	}
	if r := get("remote"); r == "yes" || r == "no" {
		remote := r == "yes"
		f.Remote = &remote
	}
	if len(f.Query) > 200 {
		f.Query = f.Query[:200]
	}
	if d := dueDays(q); d > 0 {
		by := time.Now().UTC().Add(time.Duration(d) * 24 * time.Hour)
		f.DeadlineBy = &by
	}
	return f
}

// dueDays reads the deadline window of a search ("due", one of dueWithin), or 0 for none.
func dueDays(q map[string][]string) int {
	if v := q["due"]; len(v) > 0 {
		if d, err := strconv.Atoi(strings.TrimSpace(v[0])); err == nil && slices.Contains(dueWithin, d) {
			return d
		}
	}
	return 0
}

func (s *work) taskList(w http.ResponseWriter, r *http.Request) error {
	l := requestInfoOf(r).locale
	f := readTaskFilter(r.URL.Query())
	if f.Skill != "" {
		if _, ok := s.taxonomy.Skill(f.Skill); !ok {
			f.Skill = ""
		}
	}
	page, err := s.tasks.SearchTasks(r.Context(), f)
	if err != nil {
		return err
	}
	p := &tasksPage{Page: s.page(r, l.T("task.list.title")), Tasks: page.Tasks, Filter: f, Next: page.Next}
	if f.After == "" {
		if p.Crisis, err = s.tasks.CrisisTasks(r.Context(), 5); err != nil {
			return err
		}
	}
	p.Nav = "tasks"
	p.Feeds = []FeedLink{taskFeedLink(l, r.URL.Query())}
	p.Types = append(p.Types, Option{"", l.T("task.list.any_type"), f.Type == ""})
	for _, t := range civhub.TaskTypes {
		p.Types = append(p.Types, Option{t, l.T("task_type." + t), f.Type == t})
	}
	p.Skills = append(p.Skills, Option{"", l.T("task.list.any_skill"), f.Skill == ""})
	for _, sk := range s.taxonomy.Skills() {
		p.Skills = append(p.Skills, Option{sk.ID, sk.Name.In(l.Code), f.Skill == sk.ID})
	}
	p.Causes = append(p.Causes, Option{"", l.T("task.list.any_cause"), f.Cause == ""})
	for _, c := range s.taxonomy.Causes() {
		p.Causes = append(p.Causes, Option{c.ID, c.Name.In(l.Code), f.Cause == c.ID})
	}
	remote := ""
	if f.Remote != nil {
		remote = map[bool]string{true: "yes", false: "no"}[*f.Remote]
	}
	for _, o := range []Option{{"", "task.list.remote_any", false}, {"yes", "task.list.remote_yes", false}, {"no", "task.list.remote_no", false}} {
		p.Remote = append(p.Remote, Option{o.Value, l.T(o.Label), remote == o.Value})
	}
	p.Languages = append(p.Languages, Option{"", l.T("task.list.any_language"), f.Language == ""})
	for _, code := range commonLanguages {
		p.Languages = append(p.Languages, Option{code, l.Language(code), f.Language == code})
	}
	p.Countries = append(p.Countries, Option{"", l.T("task.list.any_country"), f.Country == ""})
	for _, c := range l.Countries() {
		p.Countries = append(p.Countries, Option{c.Code, c.Name, f.Country == c.Code})
	}
	due := dueDays(r.URL.Query())
	p.MoreOpen = f.Skill != "" || f.Cause != "" || f.Country != "" || due > 0 || f.MaxHours > 0 || f.UrgentOnly || f.Sort != ""
	p.Due = append(p.Due, Option{"", l.T("task.list.due_any"), due == 0})
	for _, d := range dueWithin {
		p.Due = append(p.Due, Option{strconv.Itoa(d), l.T("task.list.due_within", map[string]any{"Days": d}), due == d})
	}
	if page.Next != "" {
		q := r.URL.Query()
		q.Set("after", page.Next)
		p.NextURL = "/tasks?" + q.Encode()
	}
	q := r.URL.Query()
	q.Del("after")
	if f.Full {
		q.Del("places")
		p.Title = l.T("task.list.full_title")
	} else {
		q.Set("places", "full")
	}
	p.PlacesURL = "/tasks?" + q.Encode()
	return s.render(w, r, http.StatusOK, "tasks", p)
}

// taskPage shows one task, what the viewer may do with it, and (to its organization) who joined.
type taskPage struct {
	authPage
	Task        *civhub.Task
	Need        *civhub.Need
	Org         *civhub.Organization
	Skills      []string
	Mine        *civhub.Assignment // the viewer's own engagement, if any
	MyActions   []string           // workflow steps the viewer may take on it
	MyAgreement *civhub.Agreement  // its agreement, once the organization accepted
	Assignments []*assignmentRow   // for the organization
	CanJoin     bool
	CanManage   bool
	Hours       []civhub.HoursEntry  // all of them for the organization, the viewer's own otherwise
	CanLog      bool                 // the viewer may log hours now
	Approved    []*civhub.Assignment // engagements the organization may endorse
	SkillChoice []Option             // skills to endorse
	CanTalk     bool                 // the viewer takes part in the task's conversation
	Messages    []civhub.TaskMessage
	Suggestions []suggestionView    // volunteers who suit the task, for the organization
	Waiting     *waitingNotice      // for members, while volunteers cannot see the task
	Done        *doneView           // the viewer's work on it was approved
	OfferAlert  bool                // the task is full: offer "tell me when a place opens"
	Required    []requiredCourse    // the courses the task requires, with whether the viewer finished each
	MissingAny  bool                // the viewer has not finished one of them yet
	CourseFirst bool                // the viewer could join but for a course: the page sends them to it
	Watching    bool                // the viewer asked to be told when a place opens
	Toolkit     *civhub.ToolkitTask // the toolkit the task translates, if it does
}

// suggestionView is a suggested volunteer with reasons in the viewer's language.
type suggestionView struct {
	PersonID int64
	Name     string
	Reasons  []string
}

// suggestionsShown is how many volunteers a task page suggests.
const suggestionsShown = 10

// assignmentRow is one volunteer's engagement with the steps the viewer may take.
type assignmentRow struct {
	*civhub.Assignment
	Actions   []string
	Agreement *civhub.Agreement // once accepted
	Draft     *agreementDraft   // the agreement to propose, for an application
}

// agreementDraft is the accept form of one application: what the organization proposes.
type agreementDraft struct {
	Scope, Hours, Deadline, AnswerDays string
	Errors                             map[string]string // field → message ID
	Open                               bool              // shown unfolded, after a refused try
}

// defaultAnswerDays is the answer time an accept form proposes.
const defaultAnswerDays = 3

// draftFor proposes an agreement from the task: its description, estimate and deadline.
func draftFor(t *civhub.Task) *agreementDraft {
	d := &agreementDraft{Scope: t.Description, Hours: strconv.Itoa(t.EstimatedHours), AnswerDays: strconv.Itoa(defaultAnswerDays)}
	if r := []rune(d.Scope); len(r) > 2000 {
		d.Scope = string(r[:2000])
	}
	if t.Deadline != nil {
		d.Deadline = t.Deadline.Format(time.DateOnly)
	}
	return d
}

// parseAgreement reads the accept form.
func parseAgreement(r *http.Request) (*civhub.Agreement, error) {
	g := &civhub.Agreement{Scope: r.PostFormValue("scope")}
	g.Hours, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("hours")))
	g.AnswerDays, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("answer_days")))
	if d := strings.TrimSpace(r.PostFormValue("deadline")); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return nil, civhub.FieldError("deadline", "err.date_invalid", "Enter a date like 2026-12-31.")
		}
		g.Deadline = &t
	}
	return g, nil
}

// orgActions are the organization's steps, in the order the page offers them.
var orgActions = []string{civhub.ActAccept, civhub.ActDecline, civhub.ActReturn, civhub.ActApprove, civhub.ActCancel}

// volunteerSteps are the volunteer's steps, in page order.
var volunteerSteps = []string{civhub.ActStart, civhub.ActSubmit, civhub.ActWithdraw}

// possible lists the actions of candidates the workflow allows from status.
func possible(status string, candidates []string) []string {
	var out []string
	for _, a := range candidates {
		if _, err := civhub.Transition(status, a); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// findVisibleTask returns the task of {id} with its need and organization, or ENOTFOUND when the
// viewer may not see it.
func (s *work) findVisibleTask(r *http.Request) (*civhub.Task, *civhub.Need, *civhub.Organization, error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	l, err := s.loadTask(r.Context(), actorOf(r), id)
	if err != nil {
		return nil, nil, nil, err
	}
	return l.Task, l.Need, l.Org, nil
}

// loadTask reads task id with its need and organization as actor a may see them: the one loader
// of a task that pages and the API share. ENOTFOUND when a may not see it.
func (s *work) loadTask(ctx context.Context, a *civhub.Actor, id int64) (*civhub.PlacedTask, error) {
	x, err := s.needs.FindPlacedTask(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.CanViewTask(x.Org, x.Need, x.Task) {
		return nil, civhub.E(civhub.ENOTFOUND, "err.task_not_found", "There is no such task.")
	}
	return x, nil
}

func (s *work) task(w http.ResponseWriter, r *http.Request) error {
	p, err := s.taskPageFor(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "task", p)
}

func (s *work) taskPageFor(r *http.Request) (*taskPage, error) {
	t, n, o, err := s.findVisibleTask(r)
	if err != nil {
		return nil, err
	}
	a, l := actorOf(r), requestInfoOf(r).locale
	p := &taskPage{authPage: *s.formsPage(r, "task.title"), Task: t, Need: n, Org: o, CanManage: a.CanManageNeeds(o), Waiting: waitingFor(a, o)}
	p.Title = t.Title
	p.Nav = "tasks"
	for _, id := range t.Skills {
		if sk, ok := s.taxonomy.Skill(id); ok {
			p.Skills = append(p.Skills, sk.Name.In(l.Code))
		}
	}
	if a.SignedIn() {
		mine, err := s.workflow.VolunteerAssignment(r.Context(), t.ID, a.ID())
		if err == nil {
			p.Mine = mine
			p.MyActions = possible(mine.Status, volunteerSteps)
			if p.MyAgreement, err = s.agreementOf(r.Context(), mine); err != nil {
				return nil, err
			}
		} else if civhub.ErrorCode(err) != civhub.ENOTFOUND {
			return nil, err
		}
	}
	// The button shows when nothing stops the person but, perhaps, a course: joining then says which.
	check := civhub.JoinCheck{Task: t, Verified: a.CanJoinTask(), Manages: a.CanManageNeeds(o),
		Engaged: p.Mine != nil && civhub.IsActive(p.Mine.Status)}
	p.CanJoin = check.Refusal() == nil
	if err := s.fillRequired(r, p); err != nil {
		return nil, err
	}
	if p.Toolkit, err = s.toolkits.TaskToolkit(r.Context(), t.ID); err != nil {
		return nil, err
	}
	if p.MissingAny && a.SignedIn() && p.CanJoin {
		p.CanJoin, p.CourseFirst = false, true // the page says which course to take first
	}
	if p.CanManage {
		list, err := s.workflow.Assignments(r.Context(), t.ID)
		if err != nil {
			return nil, err
		}
		for _, asg := range list {
			row := &assignmentRow{Assignment: asg, Actions: possible(asg.Status, orgActions)}
			if asg.Status == civhub.AssignApplied {
				row.Draft = draftFor(t)
			} else if row.Agreement, err = s.agreementOf(r.Context(), asg); err != nil {
				return nil, err
			}
			p.Assignments = append(p.Assignments, row)
			if asg.Status == civhub.AssignApproved {
				p.Approved = append(p.Approved, asg)
			}
		}
		if t.Status == civhub.TaskOpen && t.SlotsLeft() > 0 {
			matches, err := s.matcher.SuggestVolunteers(r.Context(), t.ID, suggestionsShown)
			if err != nil {
				return nil, err
			}
			for _, m := range matches {
				v := suggestionView{PersonID: m.PersonID, Name: m.Name}
				for _, reason := range m.Reasons {
					v.Reasons = append(v.Reasons, s.reasonText(l, reason))
				}
				// Whether they finished the courses the task asks for: those who have can join at once.
				if len(t.Courses) > 0 {
					missing, err := s.courses.Missing(r.Context(), m.PersonID, t.Courses)
					if err != nil {
						return nil, err
					}
					if len(missing) == 0 {
						v.Reasons = append(v.Reasons, l.T("match.them.courses_done"))
					} else {
						v.Reasons = append(v.Reasons, l.N("match.them.courses_missing", len(missing)))
					}
				}
				p.Suggestions = append(p.Suggestions, v)
			}
		}
		skills := t.Skills
		if len(skills) == 0 {
			skills = []string{"data_entry", "research", "translation", "writing"}
		}
		for _, id := range skills {
			if sk, ok := s.taxonomy.Skill(id); ok {
				p.SkillChoice = append(p.SkillChoice, Option{id, sk.Name.In(l.Code), false})
			}
		}
	}
	if p.CanManage || p.Mine != nil {
		all, err := s.hours.TaskHours(r.Context(), t.ID)
		if err != nil {
			return nil, err
		}
		for _, e := range all {
			if p.CanManage || e.VolunteerID == a.ID() {
				p.Hours = append(p.Hours, e)
			}
		}
	}
	p.CanLog = p.Mine != nil && civhub.MayLogHours(p.Mine.Status)
	if p.Mine != nil {
		p.Done = doneFor(l, p.Mine, p.Hours)
	}
	// A full task offers to tell the person when a place opens, unless they run it or are on it.
	if p.OfferAlert = t.Full() && t.Listed && !p.CanManage && (p.Mine == nil || !civhub.IsActive(p.Mine.Status)); p.OfferAlert && a.SignedIn() {
		if p.Watching, err = s.alerts.WatchesTask(r.Context(), t.ID, a.ID()); err != nil {
			return nil, err
		}
	}
	if p.CanTalk = a.CanTalkOnTask(o, p.Mine); p.CanTalk {
		if p.Messages, err = s.conversation.TaskMessages(r.Context(), t.ID); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// agreementOf returns the agreement of an engagement that went through acceptance, or nil.
func (s *work) agreementOf(ctx context.Context, a *civhub.Assignment) (*civhub.Agreement, error) {
	switch a.Status {
	case civhub.AssignClaimed, civhub.AssignApplied, civhub.AssignDeclined:
		return nil, nil // claims and applications have none
	}
	g, err := s.workflow.Agreement(ctx, a.ID)
	if civhub.ErrorCode(err) == civhub.ENOTFOUND {
		return nil, nil
	}
	return g, err
}

// joinTask claims or applies, as the task asks.
func (s *work) joinTask(w http.ResponseWriter, r *http.Request) error {
	v, err := requireViewer(r)
	if err != nil {
		return err
	}
	t, _, _, err := s.findVisibleTask(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	action := civhub.ActClaim
	if t.JoinMode == civhub.JoinApply {
		action = civhub.ActApply
	}
	msg := strings.TrimSpace(r.PostFormValue("message"))
	if _, err := s.workflow.Act(r.Context(), civhub.ActRequest{Action: action, TaskID: t.ID, By: v.ID, Message: msg}); err != nil {
		return s.renderTaskProblem(w, r, err)
	}
	return s.redirectWith(w, r, "/tasks/"+strconv.FormatInt(t.ID, 10), "task."+action+".done")
}

// taskPost opens a form posted to task {id}: the signed-in person, the task they may see (with its
// organization), and a valid form; with manage, only the organization's managers may post.
func (s *work) taskPost(w http.ResponseWriter, r *http.Request, manage bool) (*civhub.Person, *civhub.Task, *civhub.Organization, error) {
	v, err := requireViewer(r)
	if err != nil {
		return nil, nil, nil, err
	}
	t, _, o, err := s.findVisibleTask(r)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := s.parseForm(w, r); err != nil {
		return nil, nil, nil, err
	}
	if manage && !actorOf(r).CanManageNeeds(o) {
		return nil, nil, nil, civhub.ErrNotAllowed
	}
	return v, t, o, nil
}

// volunteerPost opens a form the viewer posted about their own engagement with task {id}: it
// returns the viewer, the task and the engagement (ENOTFOUND when they have none).
func (s *work) volunteerPost(w http.ResponseWriter, r *http.Request) (*civhub.Person, *civhub.Task, *civhub.Assignment, error) {
	v, t, _, err := s.taskPost(w, r, false)
	if err != nil {
		return nil, nil, nil, err
	}
	mine, err := s.workflow.VolunteerAssignment(r.Context(), t.ID, v.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	return v, t, mine, nil
}

// backToTask leaves a notice and sends the person back to the task page.
func (s *work) backToTask(w http.ResponseWriter, r *http.Request, t *civhub.Task, notice string) error {
	return s.redirectWith(w, r, "/tasks/"+strconv.FormatInt(t.ID, 10), notice)
}

// renderTaskProblem shows the task page again with err.
func (s *work) renderTaskProblem(w http.ResponseWriter, r *http.Request, err error) error {
	p, perr := s.taskPageFor(r)
	if perr != nil {
		return perr
	}
	p.Form.Values = formValues(r, "message", "body")
	// A refused accept form comes back unfolded, with what was typed and what is wrong.
	if r.PathValue("action") == civhub.ActAccept {
		id, _ := strconv.ParseInt(r.PathValue("assignment"), 10, 64)
		for _, row := range p.Assignments {
			if row.ID == id && row.Draft != nil {
				var f Form
				formFailed(&f, err)
				row.Draft = &agreementDraft{Scope: r.PostFormValue("scope"), Hours: r.PostFormValue("hours"),
					Deadline: r.PostFormValue("deadline"), AnswerDays: r.PostFormValue("answer_days"), Errors: f.Errors, Open: true}
			}
		}
	}
	return s.renderForm(w, r, err, "task", &p.authPage, p)
}

// postTaskMessage adds the viewer's message to the task's conversation.
func (s *work) postTaskMessage(w http.ResponseWriter, r *http.Request) error {
	v, t, o, err := s.taskPost(w, r, false)
	if err != nil {
		return err
	}
	mine, err := s.workflow.VolunteerAssignment(r.Context(), t.ID, v.ID)
	if err != nil && civhub.ErrorCode(err) != civhub.ENOTFOUND {
		return err
	}
	a := actorOf(r)
	if !a.CanTalkOnTask(o, mine) {
		return civhub.ErrNotAllowed
	}
	m := &civhub.TaskMessage{TaskID: t.ID, AuthorID: v.ID, FromOrg: a.CanManageNeeds(o), Body: r.PostFormValue("body")}
	if err := s.conversation.PostTaskMessage(r.Context(), m); err != nil {
		return s.renderTaskProblem(w, r, err)
	}
	return s.backToTask(w, r, t, "thread.sent")
}

// actOnAssignment takes one workflow step on assignment {assignment} of task {id}.
func (s *work) actOnAssignment(w http.ResponseWriter, r *http.Request) error {
	v, t, o, err := s.taskPost(w, r, false)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("assignment"), 10, 64)
	action := r.PathValue("action")
	list, err := s.workflow.Assignments(r.Context(), t.ID)
	if err != nil {
		return err
	}
	// The assignment must belong to this task: an ID from another task finds nothing here.
	i := slices.IndexFunc(list, func(a *civhub.Assignment) bool { return a.ID == id })
	if i < 0 {
		return civhub.E(civhub.ENOTFOUND, "err.assignment_not_found", "There is no such engagement.")
	}
	if !actorOf(r).CanAct(o, list[i], action) {
		return civhub.ErrNotAllowed
	}
	req := civhub.ActRequest{Action: action, AssignmentID: id, By: v.ID, Message: r.PostFormValue("message")}
	if action == civhub.ActAccept {
		if req.Agreement, err = parseAgreement(r); err != nil {
			return s.renderTaskProblem(w, r, err)
		}
	}
	if _, err := s.workflow.Act(r.Context(), req); err != nil {
		return s.renderTaskProblem(w, r, err)
	}
	return s.backToTask(w, r, t, stepNotices[action])
}

// stepNotices name, for each step taken on an engagement, what happened and what comes next: a
// bare "Done." after Start would read as if the task were finished.
var stepNotices = map[string]string{
	civhub.ActWithdraw: "task.step.withdraw",
	civhub.ActAccept:   "task.step.accept",
	civhub.ActDecline:  "task.step.decline",
	civhub.ActStart:    "task.step.start",
	civhub.ActSubmit:   "task.step.submit",
	civhub.ActReturn:   "task.step.return",
	civhub.ActApprove:  "task.step.approve",
	civhub.ActCancel:   "task.step.cancel",
}

// inviteVolunteer asks a suggested volunteer to look at the task.
func (s *work) inviteVolunteer(w http.ResponseWriter, r *http.Request) error {
	v, t, _, err := s.taskPost(w, r, true)
	if err != nil {
		return err
	}
	person, _ := strconv.ParseInt(r.PostFormValue("person"), 10, 64)
	if err := s.matcher.InviteVolunteer(r.Context(), t.ID, person, v.ID); err != nil {
		return s.renderTaskProblem(w, r, err)
	}
	return s.backToTask(w, r, t, "task.suggest.invited")
}

// agree records the volunteer's consent to the engagement agreement of their assignment.
func (s *work) agree(w http.ResponseWriter, r *http.Request) error {
	v, t, mine, err := s.volunteerPost(w, r)
	if err != nil {
		return err
	}
	if err := s.workflow.Agree(r.Context(), mine.ID, v.ID); err != nil {
		return s.renderTaskProblem(w, r, err)
	}
	return s.backToTask(w, r, t, "agreement.done")
}

// requiredCourse is a course a task requires, as its page shows it.
type requiredCourse struct {
	Title   string
	Href    string // in the viewer's language when it exists in it, with the way back to the task
	Minutes int
	Done    bool // the viewer finished it
}

// fillRequired lists the courses p's task requires: each in the viewer's language where it exists,
// and whether the viewer has finished it.
func (s *work) fillRequired(r *http.Request, p *taskPage) error {
	t := p.Task
	if len(t.Courses) == 0 {
		return nil
	}
	list, err := s.courses.ListCourses(r.Context(), civhub.CourseFilter{Slugs: t.Courses, Limit: 200})
	if err != nil {
		return err
	}
	var missing []string
	if v := requestInfoOf(r).viewer; v != nil {
		if missing, err = s.courses.Missing(r.Context(), v.ID, t.Courses); err != nil {
			return err
		}
	}
	lang := requestInfoOf(r).locale.Code
	back := "/tasks/" + strconv.FormatInt(t.ID, 10)
	for _, slug := range t.Courses {
		var best *civhub.Course
		for _, c := range list {
			if c.Slug == slug && (best == nil || c.Language == lang || (best.Language != lang && c.TranslationOf == 0)) {
				best = c
			}
		}
		rc := requiredCourse{Title: slug, Done: requestInfoOf(r).viewer != nil && !slices.Contains(missing, slug)}
		if best != nil {
			rc.Title, rc.Minutes, rc.Href = best.Title, best.Minutes, withReturn(courseHref(best), back)
		}
		if !rc.Done {
			p.MissingAny = true
		}
		p.Required = append(p.Required, rc)
	}
	return nil
}
