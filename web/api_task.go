package web

import (
	"context"
	"math"
	"net/http"
	"slices"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

type apiTask struct {
	ID               int64      `json:"id"`
	NeedID           int64      `json:"need_id"`
	Organization     string     `json:"organization" doc:"The organization's slug."`
	Title            string     `json:"title"`
	Description      string     `json:"description"`
	Type             string     `json:"type"`
	Skills           []string   `json:"skills"`
	Languages        []string   `json:"languages"`
	SourceLanguage   string     `json:"source_language,omitempty"`
	TargetLanguage   string     `json:"target_language,omitempty"`
	EstimatedHours   int        `json:"estimated_hours"`
	Deadline         *time.Time `json:"deadline,omitempty"`
	VolunteersWanted int        `json:"volunteers_wanted"`
	PlacesLeft       int        `json:"places_left"`
	Urgency          string     `json:"urgency" enum:"normal,urgent"`
	JoinMode         string     `json:"join_mode" enum:"claim,apply"`
	ClaimHours       int        `json:"claim_hours,omitempty" doc:"claim: how long a claim holds a place, in hours."`
	RequiredCourses  []string   `json:"required_courses,omitempty" doc:"Courses a volunteer must have finished to join."`
	Remote           bool       `json:"remote"`
	Country          string     `json:"country,omitempty"`
	City             string     `json:"city,omitempty"`
	Status           string     `json:"status" enum:"draft,open,closed"`
}

func toAPITask(t *civhub.Task) apiTask {
	out := apiTask{ID: t.ID, NeedID: t.NeedID, Organization: t.OrgSlug, Title: t.Title, Description: t.Description,
		Type: t.Type, Skills: append([]string{}, t.Skills...), Languages: append([]string{}, t.Languages...),
		SourceLanguage: t.SourceLanguage, TargetLanguage: t.TargetLanguage, EstimatedHours: t.EstimatedHours,
		Deadline: t.Deadline, VolunteersWanted: t.VolunteersWanted, PlacesLeft: t.SlotsLeft(), Urgency: t.Urgency,
		JoinMode: t.JoinMode, Remote: t.Remote, Country: t.Country, City: t.City, Status: t.Status,
		RequiredCourses: t.Courses}
	if t.JoinMode == civhub.JoinClaim {
		out.ClaimHours = t.ClaimHours
	}
	return out
}

// TasksInput searches open tasks.
type TasksInput struct {
	Query    string `query:"q" maxLength:"200" doc:"Words to find in the title or description, in any language."`
	Type     string `query:"type"`
	Skill    string `query:"skill" doc:"A skill ID of the taxonomy."`
	Language string `query:"language" doc:"A BCP 47 code: tasks in that language or translating from or into it."`
	Remote   string `query:"remote" enum:"yes,no," doc:"yes: remote tasks only; no: on-site tasks only."`
	Country  string `query:"country"`
	Cause    string `query:"cause" doc:"A cause ID: sdg1 … sdg17."`
	MaxHours int    `query:"max_hours" minimum:"0" maximum:"500"`
	Urgent   bool   `query:"urgent"`
	Places   string `query:"places" enum:"open,full," default:"open" doc:"open: tasks with a place left; full: tasks whose places are all taken (left out otherwise), for asking to be told when one opens."`
	DueDays  int    `query:"due_within_days" minimum:"0" maximum:"366" doc:"Only tasks whose deadline falls within this many days."`
	Sort     string `query:"sort" enum:"newest,deadline," default:"newest"`
	After    string `query:"after" doc:"The next cursor of the previous page."`
	Limit    int    `query:"limit" minimum:"1" maximum:"100" default:"20"`
}

// TasksOutput is a page of open tasks.
type TasksOutput struct {
	Body struct {
		Tasks []apiTask `json:"tasks"`
		Next  string    `json:"next,omitempty" doc:"Pass as after= for the next page; absent on the last page."`
	}
}

// TaskOutput is one task.
type TaskOutput struct {
	Body apiTask
}

// TaskIDInput names a task.
type TaskIDInput struct {
	ID int64 `path:"id"`
}

// JoinInput claims a task or applies for it.
type JoinInput struct {
	ID   int64 `path:"id"`
	Body struct {
		Message string `json:"message,omitempty" maxLength:"2000" doc:"For applications: a word to the organization."`
	}
}

// AssignmentOutput is the caller's engagement with a task.
type AssignmentOutput struct {
	Body struct {
		ID        int64      `json:"id"`
		TaskID    int64      `json:"task_id"`
		Status    string     `json:"status"`
		ExpiresAt *time.Time `json:"expires_at,omitempty" doc:"A claim is released if nothing happens by then."`
	}
}

func (s *work) registerTaskAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "list-tasks", Method: http.MethodGet, Path: "/v1/tasks", Summary: "Search open tasks",
		Description: "Open tasks of open needs of verified organizations, newest first or closest deadline first, in keyset pages.",
		Tags:        []string{"Tasks"},
	}, s.apiTasks)
	huma.Register(api, huma.Operation{
		OperationID: "get-task", Method: http.MethodGet, Path: "/v1/tasks/{id}", Summary: "One task", Tags: []string{"Tasks"},
	}, s.apiTask)
	for _, action := range []string{civhub.ActClaim, civhub.ActApply} {
		action := action
		huma.Register(api, huma.Operation{
			OperationID: action + "-task", Method: http.MethodPost, Path: "/v1/tasks/{id}/" + action, DefaultStatus: http.StatusCreated,
			Summary:     map[string]string{civhub.ActClaim: "Claim a place on a task", civhub.ActApply: "Apply for a task"}[action],
			Description: "Answers 409 when the task is full, joins another way, or the caller joined already.",
			Tags:        []string{"Tasks"}, Security: bearer,
		}, func(ctx context.Context, in *JoinInput) (*AssignmentOutput, error) { return s.apiJoin(ctx, in, action) })
	}
	huma.Register(api, huma.Operation{
		OperationID: "submit-task", Method: http.MethodPost, Path: "/v1/tasks/{id}/submit", Summary: "Hand in your work on a task",
		Description: "Submits the deliverable of the caller's engagement for review. Answers 409 unless the engagement is accepted, in progress or returned.",
		Tags:        []string{"Tasks"}, Security: bearer,
	}, s.apiSubmit)
	huma.Register(api, huma.Operation{
		OperationID: "review-task", Method: http.MethodPost, Path: "/v1/tasks/{id}/review", Summary: "Approve or return a volunteer's work",
		Description: "For the organization's owners and admins. Returning needs feedback, which the volunteer sees in place. Answers 409 unless the work is submitted.",
		Tags:        []string{"Tasks"}, Security: bearer,
	}, s.apiReview)
	huma.Register(api, huma.Operation{
		OperationID: "log-hours", Method: http.MethodPost, Path: "/v1/tasks/{id}/hours", DefaultStatus: http.StatusCreated,
		Summary: "Log hours spent on a task", Description: "The organization confirms them before they count on the certificate.",
		Tags: []string{"Tasks"}, Security: bearer,
	}, s.apiLogHours)
}

func (s *work) apiTasks(ctx context.Context, in *TasksInput) (*TasksOutput, error) {
	f := civhub.TaskFilter{Query: in.Query, Type: in.Type, Skill: in.Skill, Language: in.Language, Country: in.Country,
		Cause: in.Cause, MaxHours: in.MaxHours, UrgentOnly: in.Urgent, Sort: in.Sort, After: in.After, Limit: in.Limit,
		Full: in.Places == "full"}
	if in.Remote != "" {
		remote := in.Remote == "yes"
		f.Remote = &remote
	}
	if in.DueDays > 0 {
		by := time.Now().UTC().Add(time.Duration(in.DueDays) * 24 * time.Hour)
		f.DeadlineBy = &by
	}
	page, err := s.tasks.SearchTasks(ctx, f)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &TasksOutput{}
	out.Body.Tasks, out.Body.Next = []apiTask{}, page.Next
	for _, t := range page.Tasks {
		out.Body.Tasks = append(out.Body.Tasks, toAPITask(t))
	}
	return out, nil
}

// visibleTask returns task id if the caller may see it, else a 404.
func (s *work) visibleTask(ctx context.Context, id int64) (*civhub.Task, error) {
	t, _, err := s.visibleTaskOf(ctx, id)
	return t, err
}

// visibleTaskOf returns task id and its organization if the caller may see the task, else a 404.
func (s *work) visibleTaskOf(ctx context.Context, id int64) (*civhub.Task, *civhub.Organization, error) {
	l, err := s.loadTask(ctx, callerOf(ctx).actor, id)
	if err != nil {
		return nil, nil, s.apiError(ctx, err)
	}
	return l.Task, l.Org, nil
}

func (s *work) apiTask(ctx context.Context, in *TaskIDInput) (*TaskOutput, error) {
	t, err := s.visibleTask(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &TaskOutput{Body: toAPITask(t)}, nil
}

func (s *work) apiJoin(ctx context.Context, in *JoinInput, action string) (*AssignmentOutput, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, err
	}
	t, err := s.visibleTask(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	asg, err := s.workflow.Act(ctx, civhub.ActRequest{Action: action, TaskID: t.ID, By: a.ID(), Message: in.Body.Message})
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return assignmentOutput(asg), nil
}

func assignmentOutput(asg *civhub.Assignment) *AssignmentOutput {
	out := &AssignmentOutput{}
	out.Body.ID, out.Body.TaskID, out.Body.Status, out.Body.ExpiresAt = asg.ID, asg.TaskID, asg.Status, asg.ExpiresAt
	return out
}

// SubmitInput hands in the caller's work on a task.
type SubmitInput struct {
	ID   int64 `path:"id"`
	Body struct {
		Message string `json:"message" maxLength:"5000" doc:"The deliverable: what was done, with links to it."`
	}
}

// ReviewInput approves or returns a volunteer's submitted work.
type ReviewInput struct {
	ID   int64 `path:"id"`
	Body struct {
		AssignmentID int64  `json:"assignment_id" doc:"The volunteer's engagement with this task."`
		Decision     string `json:"decision" enum:"approve,return"`
		Message      string `json:"message,omitempty" maxLength:"5000" doc:"Feedback; needed to return the work."`
	}
}

// HoursInput logs time spent on a task.
type HoursInput struct {
	ID   int64 `path:"id"`
	Body struct {
		Hours float64 `json:"hours" doc:"Between 0.25 and 24."`
		Note  string  `json:"note,omitempty" maxLength:"500"`
	}
}

// HoursOutput is one entry of logged hours.
type HoursOutput struct {
	Body struct {
		ID      int64  `json:"id"`
		TaskID  int64  `json:"task_id"`
		Minutes int    `json:"minutes"`
		Note    string `json:"note,omitempty"`
		Status  string `json:"status" doc:"pending until the organization confirms or rejects them."`
	}
}

// ownAssignment returns the caller, task id and the caller's engagement with it.
func (s *work) ownAssignment(ctx context.Context, id int64) (*civhub.Actor, *civhub.Assignment, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, nil, err
	}
	t, err := s.visibleTask(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	asg, err := s.workflow.VolunteerAssignment(ctx, t.ID, a.ID())
	if err != nil {
		return nil, nil, s.apiError(ctx, err)
	}
	return a, asg, nil
}

func (s *work) apiSubmit(ctx context.Context, in *SubmitInput) (*AssignmentOutput, error) {
	a, mine, err := s.ownAssignment(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	asg, err := s.workflow.Act(ctx, civhub.ActRequest{Action: civhub.ActSubmit, AssignmentID: mine.ID, By: a.ID(), Message: in.Body.Message})
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return assignmentOutput(asg), nil
}

func (s *work) apiReview(ctx context.Context, in *ReviewInput) (*AssignmentOutput, error) {
	a, t, err := s.managedTask(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	list, err := s.workflow.Assignments(ctx, t.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	// The engagement must belong to this task: an ID from another task finds nothing here.
	if !slices.ContainsFunc(list, func(x *civhub.Assignment) bool { return x.ID == in.Body.AssignmentID }) {
		return nil, s.apiError(ctx, civhub.E(civhub.ENOTFOUND, "err.assignment_not_found", "There is no such engagement."))
	}
	action := civhub.ActApprove
	if in.Body.Decision == "return" {
		action = civhub.ActReturn
	}
	asg, err := s.workflow.Act(ctx, civhub.ActRequest{Action: action, AssignmentID: in.Body.AssignmentID, By: a.ID(), Message: in.Body.Message})
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return assignmentOutput(asg), nil
}

func (s *work) apiLogHours(ctx context.Context, in *HoursInput) (*HoursOutput, error) {
	a, mine, err := s.ownAssignment(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	minutes := -1
	if h := in.Body.Hours; !math.IsNaN(h) && !math.IsInf(h, 0) && h >= 0 && h <= 1000 {
		minutes = int(math.Round(h * 60))
	}
	e, err := s.hours.LogHours(ctx, mine.ID, minutes, in.Body.Note, a.ID())
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &HoursOutput{}
	out.Body.ID, out.Body.TaskID, out.Body.Minutes, out.Body.Note, out.Body.Status = e.ID, mine.TaskID, e.Minutes, e.Note, e.Status
	return out, nil
}

// managedTask returns the caller and task id when the caller runs the task's organization: 401
// without a token, 404 for a task they may not see, 403 for one they do not run.
func (s *work) managedTask(ctx context.Context, id int64) (*civhub.Actor, *civhub.Task, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, nil, err
	}
	t, o, err := s.visibleTaskOf(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !a.CanManageNeeds(o) {
		return nil, nil, s.apiError(ctx, civhub.ErrNotAllowed)
	}
	return a, t, nil
}
