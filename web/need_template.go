package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
	"civhub/i18n"
)

// blankTemplate is the choice of starting a need from nothing.
const blankTemplate = "blank"

// maxTaskDrafts bounds how many suggested tasks one need form carries: more than any template has.
const maxTaskDrafts = 8

// needStartPage is the first step of posting a need: a choice of ready examples, or a blank need.
type needStartPage struct {
	Page
	Org       *civhub.Organization
	Templates []templateCard
}

// templateCard is one example on the start page.
type templateCard struct {
	ID, Title, Summary string
}

func (s *posting) needStart(r *http.Request, o *civhub.Organization) *needStartPage {
	l := requestInfoOf(r).locale
	p := &needStartPage{Page: s.page(r, l.T("need.new.title")), Org: o}
	for _, tpl := range civhub.NeedTemplates {
		p.Templates = append(p.Templates, templateCard{tpl.ID, l.T(tpl.Title), l.T(tpl.Summary)})
	}
	return p
}

// taskDraft is one task suggested in the need form, which the organization changes or leaves out
// before anything is stored. Its fields are named "task<N>.title" and so on.
type taskDraft struct {
	N       int
	Keep    bool
	Task    *civhub.Task
	Types   []Option
	Skills  []Option // the skills that fit its kind, and any it already has
	Sources []Option // for a translation
	Targets []Option
	Modes   []Option
	Invalid bool // one of its fields is at fault: its details are shown open
}

// Field returns the form name of the draft's field name.
func (d *taskDraft) Field(name string) string { return "task" + strconv.Itoa(d.N) + "." + name }

// IsTranslation reports whether the draft asks for a language pair.
func (d *taskDraft) IsTranslation() bool { return d.Task.Type == civhub.TaskTranslation }

// taskDrafts turns tasks into drafts for the need form p, with the values of their fields.
func (s *posting) taskDrafts(r *http.Request, p *needFormPage, tasks []*civhub.Task, keep []bool) {
	l := requestInfoOf(r).locale
	for i, t := range tasks {
		d := &taskDraft{N: i + 1, Keep: keep[i], Task: t, Skills: s.fitSkills(r, t)}
		for _, ty := range civhub.TaskTypes {
			d.Types = append(d.Types, Option{ty, l.T("task_type." + ty), t.Type == ty})
		}
		for _, m := range []string{civhub.JoinClaim, civhub.JoinApply} {
			d.Modes = append(d.Modes, Option{m, l.T("join_mode." + m), t.JoinMode == m})
		}
		if d.IsTranslation() {
			d.Sources, d.Targets = languagePairOptions(r, t)
		}
		p.Form.Values[d.Field("title")] = t.Title
		p.Form.Values[d.Field("description")] = t.Description
		p.Form.Values[d.Field("estimated_hours")] = strconv.Itoa(t.EstimatedHours)
		p.Form.Values[d.Field("volunteers_wanted")] = strconv.Itoa(t.VolunteersWanted)
		p.Form.Values[d.Field("deadline")] = ""
		if t.Deadline != nil {
			p.Form.Values[d.Field("deadline")] = t.Deadline.Format(time.DateOnly)
		}
		p.Tasks = append(p.Tasks, d)
	}
}

// languageOptions returns the checkboxes of the common languages with chosen ticked, and the
// chosen ones named in a list, for the summary of a folded list.
func languageOptions(l *i18n.Locale, chosen []string) (options []Option, named string) {
	var names []string
	for _, code := range commonLanguages {
		ticked := slices.Contains(chosen, code)
		options = append(options, Option{code, l.Language(code), ticked})
		if ticked {
			names = append(names, l.Language(code))
		}
	}
	return options, l.List(names)
}

// languagePairOptions returns the menus of a translation's two languages.
func languagePairOptions(r *http.Request, t *civhub.Task) (sources, targets []Option) {
	l := requestInfoOf(r).locale
	sources = []Option{{"", l.T("form.not_given"), t.SourceLanguage == ""}}
	targets = []Option{{"", l.T("form.not_given"), t.TargetLanguage == ""}}
	for _, code := range commonLanguages {
		sources = append(sources, Option{code, l.Language(code), t.SourceLanguage == code})
		targets = append(targets, Option{code, l.Language(code), t.TargetLanguage == code})
	}
	return sources, targets
}

// fitSkills returns the skills offered first for t: those that go with its kind, then any other it
// already asks for, so that nothing chosen is hidden.
func (s *posting) fitSkills(r *http.Request, t *civhub.Task) []Option {
	l := requestInfoOf(r).locale
	ids := civhub.SkillsForType(t.Type)
	for _, id := range t.Skills {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	var out []Option
	for _, id := range ids {
		if sk, ok := s.taxonomy.Skill(id); ok {
			out = append(out, Option{id, sk.Name.In(l.Code), slices.Contains(t.Skills, id)})
		}
	}
	return out
}

// templateForm is the need form filled in from template tpl for organization o.
func (s *posting) templateForm(r *http.Request, o *civhub.Organization, tpl civhub.NeedTemplate) *needFormPage {
	l := requestInfoOf(r).locale
	n, tasks := tpl.Fill(o, func(id string) string { return l.T(id) })
	keep := make([]bool, len(tasks))
	for i, t := range tasks {
		t.ClaimHours, keep[i] = defaultClaimHours, true
	}
	p := s.needForm(r, o, n, true)
	p.Template = tpl.ID
	s.taskDrafts(r, p, tasks, keep)
	return p
}

// readTaskDrafts reads the suggested tasks posted with a need form: every one, kept or not, so
// that the form can be shown again as it was. Each asks for the need's languages and takes the
// usual claim time; a field that does not parse becomes a zero that validation reports, and a
// deadline of a kept task that is not a date is reported in bad.
func readTaskDrafts(r *http.Request, n *civhub.Need) (tasks []*civhub.Task, keep []bool, bad error) {
	var errs []error
	for i := 1; i <= maxTaskDrafts; i++ {
		field := func(name string) string { return "task" + strconv.Itoa(i) + "." + name }
		if _, ok := r.PostForm[field("title")]; !ok {
			break
		}
		t := &civhub.Task{Title: r.PostFormValue(field("title")), Type: r.PostFormValue(field("type")),
			Description: strings.ReplaceAll(r.PostFormValue(field("description")), "\r\n", "\n"),
			Skills:      r.PostForm[field("skills")], Languages: slices.Clone(n.Languages), Urgency: civhub.UrgencyNormal,
			JoinMode: r.PostFormValue(field("join_mode")), ClaimHours: defaultClaimHours, Status: civhub.TaskOpen}
		if t.Type == civhub.TaskTranslation {
			t.SourceLanguage, t.TargetLanguage = r.PostFormValue(field("source_language")), r.PostFormValue(field("target_language"))
		}
		t.EstimatedHours, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue(field("estimated_hours"))))
		t.VolunteersWanted, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue(field("volunteers_wanted"))))
		kept := r.PostFormValue(field("keep")) == "yes"
		var err error
		if t.Deadline, err = formDeadline(r, field("deadline")); err != nil && kept {
			errs = append(errs, err)
		}
		tasks = append(tasks, t)
		keep = append(keep, kept)
	}
	return tasks, keep, civhub.MergeFieldErrors(errs...)
}

// checkTaskDrafts validates the kept tasks, naming each field at fault by its form name.
func (s *posting) checkTaskDrafts(tasks []*civhub.Task, keep []bool) (kept []*civhub.Task, err error) {
	var errs []error
	for i, t := range tasks {
		if !keep[i] {
			continue
		}
		kept = append(kept, t)
		errs = append(errs, prefixFields(t.Validate(s.validSkill), "task"+strconv.Itoa(i+1)+"."))
	}
	return kept, civhub.MergeFieldErrors(errs...)
}

// prefixFields returns err with prefix before each field it names.
func prefixFields(err error, prefix string) error {
	var e *civhub.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	fields := make(map[string]string, len(e.Fields))
	for k, v := range e.Fields {
		fields[prefix+k] = v
	}
	return &civhub.Error{Code: e.Code, Key: e.Key, Message: e.Message, Fields: fields}
}

// markInvalidDrafts marks the drafts that err names a field of.
func markInvalidDrafts(drafts []*taskDraft, err error) {
	e := asError(err)
	if e == nil {
		return
	}
	for _, d := range drafts {
		for f := range e.Fields {
			d.Invalid = d.Invalid || strings.HasPrefix(f, d.Field(""))
		}
	}
}

// needWithTasksPosted names what posting n with its tasks did, as needPosted does for a need alone.
func needWithTasksPosted(o *civhub.Organization, n *civhub.Need) string {
	switch {
	case n.Status == civhub.NeedDraft:
		return "need.kit.draft"
	case o.HidesNeeds():
		return "need.kit.waiting"
	}
	return "need.kit.done"
}

// taskKindPage is the first step of adding a task: its kind, which decides the skills offered.
type taskKindPage struct {
	Page
	Need  *civhub.Need
	Kinds []Option
}

func (s *posting) taskKinds(r *http.Request, n *civhub.Need) *taskKindPage {
	l := requestInfoOf(r).locale
	p := &taskKindPage{Page: s.page(r, l.T("task.new.title")), Need: n}
	for _, ty := range civhub.TaskTypes {
		p.Kinds = append(p.Kinds, Option{Value: ty, Label: l.T("task_type." + ty)})
	}
	return p
}
