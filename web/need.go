package web

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
)

// needFormPage creates or edits a need.
type needFormPage struct {
	authPage
	Org       *civhub.Organization
	Need      *civhub.Need
	New       bool
	Statuses  []Option
	Causes    []Option
	Languages []Option
	Countries []Option
	Chosen    string       // the need's languages, named in a list
	Template  string       // the example it was filled from, "" for a blank need
	Tasks     []*taskDraft // the example's tasks, created with the need
}

func (s *posting) needForm(r *http.Request, o *civhub.Organization, n *civhub.Need, isNew bool) *needFormPage {
	l := requestInfoOf(r).locale
	title := "need.edit.title"
	if isNew {
		title = "need.new.title"
	}
	p := &needFormPage{authPage: *s.authPage(r, title), Org: o, Need: n, New: isNew}
	p.Form.Values = map[string]string{"title": n.Title, "description": n.Description, "city": n.City}
	// A new need is published or saved as a draft by its two buttons; a status means something
	// only later.
	if !isNew {
		for _, st := range civhub.NeedStatuses {
			p.Statuses = append(p.Statuses, Option{st, l.T("need_status." + st), n.Status == st})
		}
	}
	for _, c := range s.taxonomy.Causes() {
		p.Causes = append(p.Causes, Option{c.ID, c.Name.In(l.Code), slices.Contains(n.Causes, c.ID)})
	}
	p.Languages, p.Chosen = languageOptions(l, n.Languages)
	p.Countries = []Option{{"", l.T("form.not_given"), n.Country == ""}}
	for _, c := range l.Countries() {
		p.Countries = append(p.Countries, Option{c.Code, c.Name, n.Country == c.Code})
	}
	return p
}

func readNeedForm(r *http.Request, n *civhub.Need) {
	n.Title = r.PostFormValue("title")
	n.Description = strings.ReplaceAll(r.PostFormValue("description"), "\r\n", "\n")
	n.Causes = r.PostForm["causes"]
	n.Languages = r.PostForm["languages"]
	n.Remote = r.PostFormValue("remote") != "no"
	n.Country = r.PostFormValue("country")
	n.City = r.PostFormValue("city")
	n.Status = r.PostFormValue("status")
}

// readNewNeedForm is readNeedForm for a new need, whose buttons either publish it or keep it as
// a draft.
func readNewNeedForm(r *http.Request, n *civhub.Need) {
	readNeedForm(r, n)
	if n.Status != civhub.NeedDraft {
		n.Status = civhub.NeedOpen
	}
}

func (s *posting) newNeedForm(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, (*civhub.Actor).CanManageNeeds)
	if err != nil {
		return err
	}
	choice := r.URL.Query().Get("template")
	if tpl, ok := civhub.FindNeedTemplate(choice); ok {
		return s.render(w, r, http.StatusOK, "need_form", s.templateForm(r, o, tpl))
	}
	if choice != blankTemplate {
		return s.render(w, r, http.StatusOK, "need_start", s.needStart(r, o))
	}
	n := &civhub.Need{OrganizationID: o.ID, Remote: true, Status: civhub.NeedOpen, Languages: o.Languages, Causes: o.Causes, Country: o.Country}
	return s.render(w, r, http.StatusOK, "need_form", s.needForm(r, o, n, true))
}

func (s *posting) createNeed(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findOrgFor(r, (*civhub.Actor).CanManageNeeds)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	n := &civhub.Need{OrganizationID: o.ID}
	readNewNeedForm(r, n)
	tasks, keep, bad := readTaskDrafts(r, n)
	kept, err := s.checkTaskDrafts(tasks, keep)
	// The need's own problems and its tasks' are shown together.
	if err = civhub.MergeFieldErrors(n.Validate(), err, bad); err == nil {
		err = s.needs.CreateNeedWithTasks(r.Context(), n, kept, requestInfoOf(r).viewer.ID)
	}
	if err != nil {
		p := s.needForm(r, o, n, true)
		p.Template = r.PostFormValue("template")
		s.taskDrafts(r, p, tasks, keep)
		p.Form.Values = formValues(r, slices.Collect(maps.Keys(p.Form.Values))...)
		markInvalidDrafts(p.Tasks, err)
		return s.renderForm(w, r, err, "need_form", &p.authPage, p)
	}
	posted := needPosted(o, n)
	if len(kept) > 0 {
		posted = needWithTasksPosted(o, n)
	}
	return s.redirectWith(w, r, "/needs/"+strconv.FormatInt(n.ID, 10), posted)
}

// needPosted names what posting n did: whether volunteers see it now, once the organization is
// verified, or not until its draft is opened.
func needPosted(o *civhub.Organization, n *civhub.Need) string {
	switch {
	case n.Status == civhub.NeedDraft:
		return "need.new.draft"
	case o.HidesNeeds():
		return "need.new.waiting"
	}
	return "need.new.done"
}

// findVisibleNeed returns the need of {id} and its organization, or ENOTFOUND when the viewer may
// not see it.
func (s *posting) findVisibleNeed(r *http.Request) (*civhub.Need, *civhub.Organization, error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return s.loadNeed(r.Context(), actorOf(r), id)
}

// loadNeed reads need id with its organization as actor a may see them: the one loader of a need
// that pages and the API share. ENOTFOUND when a may not see it.
func (s *posting) loadNeed(ctx context.Context, a *civhub.Actor, id int64) (*civhub.Need, *civhub.Organization, error) {
	n, err := s.needs.FindNeed(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	o, err := s.orgs.FindOrganizationBySlug(ctx, n.OrgSlug)
	if err != nil {
		return nil, nil, err
	}
	if !a.CanViewNeed(o, n) {
		return nil, nil, civhub.E(civhub.ENOTFOUND, "err.need_not_found", "There is no such need.")
	}
	return n, o, nil
}

// needPage shows a need with its tasks.
type needPage struct {
	Page
	Need      *civhub.Need
	Org       *civhub.Organization
	Tasks     []*civhub.Task
	Causes    []string
	CanManage bool
	Waiting   *waitingNotice // for members, while volunteers cannot see the need
}

func (s *posting) need(w http.ResponseWriter, r *http.Request) error {
	n, o, err := s.findVisibleNeed(r)
	if err != nil {
		return err
	}
	l := requestInfoOf(r).locale
	p := &needPage{Page: s.page(r, n.Title), Need: n, Org: o, CanManage: actorOf(r).CanManageNeeds(o), Waiting: waitingFor(actorOf(r), o)}
	p.Nav = "tasks"
	for _, c := range n.Causes {
		if x, ok := s.taxonomy.Cause(c); ok {
			p.Causes = append(p.Causes, x.Name.In(l.Code))
		}
	}
	tasks, err := s.needs.NeedTasks(r.Context(), n.ID)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if actorOf(r).CanViewTask(o, n, t) {
			p.Tasks = append(p.Tasks, t)
		}
	}
	return s.render(w, r, http.StatusOK, "need", p)
}

func (s *posting) editNeedForm(w http.ResponseWriter, r *http.Request) error {
	n, o, err := s.findManagedNeed(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "need_form", s.needForm(r, o, n, false))
}

// findManagedNeed is findVisibleNeed for the organization's managers, EFORBIDDEN for others.
func (s *posting) findManagedNeed(r *http.Request) (*civhub.Need, *civhub.Organization, error) {
	if _, err := requireViewer(r); err != nil {
		return nil, nil, err
	}
	n, o, err := s.findVisibleNeed(r)
	if err != nil {
		return nil, nil, err
	}
	if !actorOf(r).CanManageNeeds(o) {
		return nil, nil, civhub.ErrNotAllowed
	}
	return n, o, nil
}

func (s *posting) updateNeed(w http.ResponseWriter, r *http.Request) error {
	n, o, err := s.findManagedNeed(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	readNeedForm(r, n)
	if err := s.needs.UpdateNeed(r.Context(), n, requestInfoOf(r).viewer.ID); err != nil {
		p := s.needForm(r, o, n, false)
		return s.renderForm(w, r, err, "need_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/needs/"+strconv.FormatInt(n.ID, 10), "need.edit.done")
}

// taskFormPage creates or edits a task.
type taskFormPage struct {
	authPage
	Need      *civhub.Need
	Task      *civhub.Task
	New       bool
	Types     []Option
	FitSkills []Option     // the skills that go with the task's kind, and any other it asks for
	Skills    []skillGroup // the rest of the taxonomy, folded away
	Languages []Option
	Chosen    string // the languages it asks for, named in a list
	Sources   []Option
	Targets   []Option
	Urgencies []Option
	Modes     []Option
	Statuses  []Option // when editing
	Courses   []Option // published courses the task may require
	Action    string   // where the form posts
	Deadline  string   // yyyy-mm-dd
}

func (s *posting) taskForm(r *http.Request, n *civhub.Need, t *civhub.Task, isNew bool) *taskFormPage {
	l := requestInfoOf(r).locale
	title := "task.edit.title"
	if isNew {
		title = "task.new.title"
	}
	p := &taskFormPage{authPage: *s.authPage(r, title), Need: n, Task: t, New: isNew,
		Action: "/needs/" + strconv.FormatInt(n.ID, 10) + "/tasks/new"}
	if !isNew {
		p.Action = "/tasks/" + strconv.FormatInt(t.ID, 10) + "/edit"
		for _, st := range civhub.TaskStatuses {
			p.Statuses = append(p.Statuses, Option{st, l.T("task_status." + st), t.Status == st})
		}
	}
	p.Form.Values = map[string]string{"title": t.Title, "description": t.Description,
		"estimated_hours": strconv.Itoa(t.EstimatedHours), "volunteers_wanted": strconv.Itoa(t.VolunteersWanted),
		"claim_hours": strconv.Itoa(t.ClaimHours)}
	if t.Deadline != nil {
		p.Form.Values["deadline"] = t.Deadline.Format(time.DateOnly)
	}
	p.Types = []Option{{"", l.T("form.choose"), t.Type == ""}}
	for _, ty := range civhub.TaskTypes {
		p.Types = append(p.Types, Option{ty, l.T("task_type." + ty), t.Type == ty})
	}
	p.FitSkills = s.fitSkills(r, t)
	for _, c := range s.taxonomy.Categories() {
		g := skillGroup{Name: c.Name.In(l.Code)}
		for _, sk := range s.taxonomy.SkillsIn(c.ID) {
			if !slices.ContainsFunc(p.FitSkills, func(o Option) bool { return o.Value == sk.ID }) {
				g.Options = append(g.Options, Option{sk.ID, sk.Name.In(l.Code), false})
			}
		}
		if len(g.Options) > 0 {
			p.Skills = append(p.Skills, g)
		}
	}
	p.Sources, p.Targets = languagePairOptions(r, t)
	p.Languages, p.Chosen = languageOptions(l, t.Languages)
	for _, u := range []string{civhub.UrgencyNormal, civhub.UrgencyUrgent} {
		p.Urgencies = append(p.Urgencies, Option{u, l.T("urgency." + u), t.Urgency == u})
	}
	for _, m := range []string{civhub.JoinClaim, civhub.JoinApply} {
		p.Modes = append(p.Modes, Option{m, l.T("join_mode." + m), t.JoinMode == m})
	}
	p.Courses = s.courseOptions(r, t.Courses)
	return p
}

// courseOptions offers the published courses a task may require, each once (in the viewer's
// language where it exists), and keeps those it requires already.
func (s *posting) courseOptions(r *http.Request, chosen []string) []Option {
	l := requestInfoOf(r).locale
	// The form can do without the list: a task then keeps the courses it requires.
	list, err := s.work.courses.ListCourses(r.Context(), civhub.CourseFilter{Limit: 200})
	if err != nil {
		s.logger.WarnContext(r.Context(), "courses for the task form", "err", err)
	}
	var out []Option
	for _, c := range list {
		label := c.Title + " (" + l.Language(c.Language) + ")"
		i := slices.IndexFunc(out, func(o Option) bool { return o.Value == c.Slug })
		switch {
		case i < 0:
			out = append(out, Option{c.Slug, label, slices.Contains(chosen, c.Slug)})
		case c.Language == l.Code:
			out[i].Label = label
		}
	}
	for _, slug := range chosen {
		if !slices.ContainsFunc(out, func(o Option) bool { return o.Value == slug }) {
			out = append(out, Option{slug, slug, true})
		}
	}
	return out
}

// readTaskForm copies a posted task form into t; numbers that do not parse become 0, which
// validation reports.
func readTaskForm(r *http.Request, t *civhub.Task) {
	t.Title = r.PostFormValue("title")
	t.Description = strings.ReplaceAll(r.PostFormValue("description"), "\r\n", "\n")
	t.Type = r.PostFormValue("type")
	t.Skills = r.PostForm["skills"]
	t.Courses = r.PostForm["courses"]
	t.Languages = r.PostForm["languages"]
	t.SourceLanguage, t.TargetLanguage = r.PostFormValue("source_language"), r.PostFormValue("target_language")
	t.EstimatedHours, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("estimated_hours")))
	t.VolunteersWanted, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("volunteers_wanted")))
	t.ClaimHours, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("claim_hours")))
	t.Urgency, t.JoinMode = r.PostFormValue("urgency"), r.PostFormValue("join_mode")
	if st, ok := r.PostForm["status"]; ok {
		t.Status = strings.Join(st, "")
	}
	t.Deadline, _ = formDeadline(r, "deadline") // badDeadline reports one that is not a date
}

// validSkill reports whether id is a skill of the taxonomy.
func (s *posting) validSkill(id string) bool {
	_, ok := s.taxonomy.Skill(id)
	return ok
}

// badDeadline reports a deadline that was typed but is not a date.
func badDeadline(r *http.Request) error {
	_, err := formDeadline(r, "deadline")
	return err
}

// formDeadline reads the day typed in the form field name as a deadline: nil when left empty, the
// end of that day when it is a date, and an error naming the field when it is not.
func formDeadline(r *http.Request, name string) (*time.Time, error) {
	d := strings.TrimSpace(r.PostFormValue(name))
	if d == "" {
		return nil, nil
	}
	day, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return nil, civhub.FieldError(name, "err.date_invalid", "Enter a date like 2026-12-31.")
	}
	end := civhub.EndOfDay(day)
	return &end, nil
}

func (s *posting) newTaskForm(w http.ResponseWriter, r *http.Request) error {
	n, _, err := s.findManagedNeed(r)
	if err != nil {
		return err
	}
	kind := r.URL.Query().Get("type")
	if !slices.Contains(civhub.TaskTypes, kind) {
		return s.render(w, r, http.StatusOK, "task_kind", s.taskKinds(r, n))
	}
	t := &civhub.Task{NeedID: n.ID, Type: kind, EstimatedHours: 2, VolunteersWanted: 1, Urgency: civhub.UrgencyNormal,
		JoinMode: civhub.JoinClaim, ClaimHours: defaultClaimHours, Languages: n.Languages}
	if kind == civhub.TaskTranslation {
		t.SourceLanguage, t.TargetLanguage = civhub.TranslationPair(n.Languages)
	}
	return s.render(w, r, http.StatusOK, "task_form", s.taskForm(r, n, t, true))
}

func (s *posting) createTask(w http.ResponseWriter, r *http.Request) error {
	n, o, err := s.findManagedNeed(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	t := &civhub.Task{NeedID: n.ID, Status: civhub.TaskOpen}
	readTaskForm(r, t)
	// A deadline that is not a date is reported with every other problem of the form at once.
	err = civhub.MergeFieldErrors(badDeadline(r), t.Validate(s.validSkill))
	if err == nil {
		err = s.needs.CreateTask(r.Context(), t, requestInfoOf(r).viewer.ID)
	}
	if err != nil {
		p := s.taskForm(r, n, t, true)
		p.Form.Values = formValues(r, "title", "description", "estimated_hours", "volunteers_wanted", "claim_hours", "deadline")
		return s.renderForm(w, r, err, "task_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/needs/"+strconv.FormatInt(n.ID, 10), taskPosted(o, n, t))
}

// taskPosted names what adding t to n did: whether volunteers can take it now, once the
// organization is verified, or not until the task, or its need, is opened.
func taskPosted(o *civhub.Organization, n *civhub.Need, t *civhub.Task) string {
	switch {
	case t.Status == civhub.TaskDraft || n.Status == civhub.NeedDraft:
		return "task.new.draft"
	case o.HidesNeeds():
		return "task.new.waiting"
	}
	return "task.new.done"
}

// findManagedTask returns task {id} with its need when the viewer runs its organization:
// ENOTFOUND when they may not see it, EFORBIDDEN when they see it but do not run it.
func (s *posting) findManagedTask(r *http.Request) (*civhub.Task, *civhub.Need, error) {
	if _, err := requireViewer(r); err != nil {
		return nil, nil, err
	}
	t, n, o, err := s.work.findVisibleTask(r)
	if err != nil {
		return nil, nil, err
	}
	if !actorOf(r).CanManageNeeds(o) {
		return nil, nil, civhub.ErrNotAllowed
	}
	return t, n, nil
}

func (s *posting) editTaskForm(w http.ResponseWriter, r *http.Request) error {
	t, n, err := s.findManagedTask(r)
	if err != nil {
		return err
	}
	p := s.taskForm(r, n, t, false)
	return s.render(w, r, http.StatusOK, "task_form", p)
}

func (s *posting) updateTask(w http.ResponseWriter, r *http.Request) error {
	t, n, err := s.findManagedTask(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	readTaskForm(r, t)
	err = civhub.MergeFieldErrors(badDeadline(r), t.Validate(s.validSkill))
	if err == nil {
		err = s.needs.UpdateTask(r.Context(), t, requestInfoOf(r).viewer.ID)
	}
	if err != nil {
		p := s.taskForm(r, n, t, false)
		p.Form.Values = formValues(r, "title", "description", "estimated_hours", "volunteers_wanted", "claim_hours", "deadline")
		return s.renderForm(w, r, err, "task_form", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/tasks/"+strconv.FormatInt(t.ID, 10), "task.edit.done")
}
