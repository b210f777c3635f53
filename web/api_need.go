package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"civhub"
)

// NeedBody is a need's editable fields in the API.
type NeedBody struct {
	Title       string   `json:"title" maxLength:"140" doc:"5 to 140 characters."`
	Description string   `json:"description" maxLength:"10000" doc:"Markdown: the problem in the organization's own words."`
	Causes      []string `json:"causes,omitempty" maxItems:"17" doc:"Cause IDs: sdg1 … sdg17."`
	Languages   []string `json:"languages,omitempty" maxItems:"20" doc:"BCP 47 codes."`
	Remote      bool     `json:"remote" doc:"false: the work is on site, in country and city."`
	Country     string   `json:"country,omitempty" doc:"ISO 3166-1 alpha-2 code; required for work on site."`
	City        string   `json:"city,omitempty" maxLength:"80"`
	Status      string   `json:"status,omitempty" enum:"draft,open,in_progress,completed,archived," doc:"Left out: open on creation, unchanged on an edit."`
}

type apiNeed struct {
	ID           int64  `json:"id"`
	Organization string `json:"organization" doc:"The organization's slug."`
	NeedBody
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Tasks     []apiTask `json:"tasks,omitempty" doc:"Its tasks, when one need is asked for."`
}

func toAPINeed(n *civhub.Need) apiNeed {
	return apiNeed{ID: n.ID, Organization: n.OrgSlug, CreatedAt: n.CreatedAt, UpdatedAt: n.UpdatedAt,
		NeedBody: NeedBody{Title: n.Title, Description: n.Description, Causes: n.Causes, Languages: n.Languages, Remote: n.Remote,
			Country: n.Country, City: n.City, Status: n.Status}}
}

func fromNeedBody(b NeedBody, n *civhub.Need) {
	n.Title, n.Description, n.Causes, n.Languages, n.Remote = b.Title, b.Description, b.Causes, b.Languages, b.Remote
	n.Country, n.City, n.Status = b.Country, b.City, b.Status
	if n.Status == "" {
		n.Status = civhub.NeedOpen
	}
}

// TaskBody is a task's editable fields in the API.
type TaskBody struct {
	Title            string     `json:"title" maxLength:"140" doc:"5 to 140 characters."`
	Description      string     `json:"description,omitempty" maxLength:"10000"`
	Type             string     `json:"type" doc:"The kind of task."`
	Skills           []string   `json:"skills,omitempty" maxItems:"20" doc:"Skill IDs of the taxonomy."`
	Languages        []string   `json:"languages,omitempty" maxItems:"20" doc:"BCP 47 codes."`
	SourceLanguage   string     `json:"source_language,omitempty" doc:"Translation: the language to translate from."`
	TargetLanguage   string     `json:"target_language,omitempty" doc:"Translation: the language to translate into."`
	EstimatedHours   int        `json:"estimated_hours" doc:"1 to 500."`
	Deadline         *time.Time `json:"deadline,omitempty"`
	VolunteersWanted int        `json:"volunteers_wanted" doc:"1 to 500; not fewer than already hold places."`
	Urgency          string     `json:"urgency,omitempty" enum:"normal,urgent," doc:"normal when left out."`
	JoinMode         string     `json:"join_mode" enum:"claim,apply" doc:"claim: first come, for microtasks; apply: the organization chooses."`
	ClaimHours       int        `json:"claim_hours,omitempty" doc:"claim: how long a claim holds a place, 1 to 336 hours; 72 when left out."`
	Status           string     `json:"status,omitempty" enum:"draft,open,closed," doc:"Left out: open on creation, unchanged on an edit."`
	RequiredCourses  []string   `json:"required_courses,omitempty" maxItems:"5" doc:"Courses a volunteer must have finished to join."`
}

func fromTaskBody(b TaskBody, t *civhub.Task) {
	t.Title, t.Description, t.Type, t.Skills, t.Languages = b.Title, b.Description, b.Type, b.Skills, b.Languages
	t.SourceLanguage, t.TargetLanguage, t.EstimatedHours, t.Deadline = b.SourceLanguage, b.TargetLanguage, b.EstimatedHours, b.Deadline
	t.VolunteersWanted, t.Urgency, t.JoinMode, t.ClaimHours = b.VolunteersWanted, b.Urgency, b.JoinMode, b.ClaimHours
	if t.JoinMode == civhub.JoinClaim && t.ClaimHours == 0 {
		t.ClaimHours = defaultClaimHours
	}
	t.Status, t.Courses = b.Status, b.RequiredCourses
	if t.Urgency == "" {
		t.Urgency = civhub.UrgencyNormal
	}
	if t.Status == "" {
		t.Status = civhub.TaskOpen
	}
	if t.Deadline != nil { // a day, whatever the time of day or offset it comes with
		d := civhub.EndOfDay(*t.Deadline)
		t.Deadline = &d
	}
}

// NeedOutput is one need.
type NeedOutput struct {
	Body apiNeed
}

// NeedsOutput lists an organization's needs, newest first.
type NeedsOutput struct {
	Body struct {
		Needs []apiNeed `json:"needs"`
	}
}

// NeedIDInput names a need.
type NeedIDInput struct {
	ID int64 `path:"id"`
}

// CreateNeedInput adds a need to an organization, with its first tasks if it names them.
type CreateNeedInput struct {
	Slug string `path:"slug"`
	Body CreateNeedBody
}

// CreateNeedBody is a new need with the tasks to post with it.
type CreateNeedBody struct {
	NeedBody
	Tasks []TaskBody `json:"tasks,omitempty" maxItems:"20" doc:"Tasks to post with the need: all of them are stored, or none and not the need. The tasks of an example (list-need-templates) fit here once their languages are set."`
}

// UpdateNeedInput replaces a need's editable fields.
type UpdateNeedInput struct {
	ID   int64 `path:"id"`
	Body NeedBody
}

// CreateTaskInput adds a task to a need.
type CreateTaskInput struct {
	ID   int64 `path:"id" doc:"The need's ID."`
	Body TaskBody
}

// UpdateTaskInput replaces a task's editable fields.
type UpdateTaskInput struct {
	ID   int64 `path:"id"`
	Body TaskBody
}

var errNotAllowed = civhub.ErrNotAllowed

func (s *posting) registerNeedAPI(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "list-needs", Method: http.MethodGet, Path: "/v1/orgs/{slug}/needs", Summary: "An organization's needs",
		Description: "Newest first. Drafts, and the needs of an organization not verified yet, only for its members and moderators.",
		Tags:        []string{"Needs"},
	}, func(ctx context.Context, in *SlugInput) (*NeedsOutput, error) {
		o, err := s.visibleOrganization(ctx, in.Slug)
		if err != nil {
			return nil, err
		}
		list, err := s.needs.OrganizationNeeds(ctx, o.ID)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out := &NeedsOutput{}
		out.Body.Needs = []apiNeed{}
		for _, n := range list {
			if callerOf(ctx).actor.CanViewNeed(o, n) {
				out.Body.Needs = append(out.Body.Needs, toAPINeed(n))
			}
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "create-need", Method: http.MethodPost, Path: "/v1/orgs/{slug}/needs", DefaultStatus: http.StatusCreated,
		Summary: "Post a need", Description: "For the organization's owners and admins.", Tags: []string{"Needs"}, Security: bearer,
	}, func(ctx context.Context, in *CreateNeedInput) (*NeedOutput, error) {
		a, o, err := s.orgFor(ctx, in.Slug, (*civhub.Actor).CanManageNeeds)
		if err != nil {
			return nil, err
		}
		n := &civhub.Need{OrganizationID: o.ID}
		fromNeedBody(in.Body.NeedBody, n)
		// Each task's fields are checked here first, so that a refusal names the task at fault.
		tasks, errs := make([]*civhub.Task, len(in.Body.Tasks)), []error{}
		for i, b := range in.Body.Tasks {
			tasks[i] = &civhub.Task{}
			fromTaskBody(b, tasks[i])
			errs = append(errs, prefixFields(tasks[i].Validate(s.validSkill), "tasks["+strconv.Itoa(i)+"]."))
		}
		if err := civhub.MergeFieldErrors(errs...); err != nil {
			return nil, s.apiError(ctx, err)
		}
		if err := s.needs.CreateNeedWithTasks(ctx, n, tasks, a.ID()); err != nil {
			return nil, s.apiError(ctx, err)
		}
		return s.needOutput(ctx, n.ID, len(tasks) > 0)
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-need", Method: http.MethodGet, Path: "/v1/needs/{id}", Summary: "One need, with its tasks", Tags: []string{"Needs"},
	}, func(ctx context.Context, in *NeedIDInput) (*NeedOutput, error) {
		n, o, err := s.visibleNeed(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		out, err := s.needOutput(ctx, in.ID, true)
		if err != nil {
			return nil, err
		}
		tasks := out.Body.Tasks[:0]
		for _, t := range out.Body.Tasks {
			if callerOf(ctx).actor.CanViewTask(o, n, &civhub.Task{Status: t.Status}) {
				tasks = append(tasks, t)
			}
		}
		out.Body.Tasks = tasks
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "update-need", Method: http.MethodPut, Path: "/v1/needs/{id}", Summary: "Edit a need",
		Description: "For the organization's owners and admins.", Tags: []string{"Needs"}, Security: bearer,
	}, func(ctx context.Context, in *UpdateNeedInput) (*NeedOutput, error) {
		a, n, err := s.managedNeed(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		if in.Body.Status == "" {
			in.Body.Status = n.Status // left out: unchanged
		}
		fromNeedBody(in.Body, n)
		if err := s.needs.UpdateNeed(ctx, n, a.ID()); err != nil {
			return nil, s.apiError(ctx, err)
		}
		return s.needOutput(ctx, n.ID, false)
	})
	huma.Register(api, huma.Operation{
		OperationID: "create-task", Method: http.MethodPost, Path: "/v1/needs/{id}/tasks", DefaultStatus: http.StatusCreated,
		Summary: "Add a task to a need", Description: "For the organization's owners and admins.", Tags: []string{"Needs"}, Security: bearer,
	}, func(ctx context.Context, in *CreateTaskInput) (*TaskOutput, error) {
		a, n, err := s.managedNeed(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		t := &civhub.Task{NeedID: n.ID}
		fromTaskBody(in.Body, t)
		if err := s.needs.CreateTask(ctx, t, a.ID()); err != nil {
			return nil, s.apiError(ctx, err)
		}
		return s.taskOutput(ctx, t.ID)
	})
	huma.Register(api, huma.Operation{
		OperationID: "update-task", Method: http.MethodPut, Path: "/v1/tasks/{id}", Summary: "Edit a task",
		Description: "For the organization's owners and admins. Closing a task (status closed) takes no one off it; " +
			"asking for fewer volunteers than hold places answers 400.",
		Tags: []string{"Tasks"}, Security: bearer,
	}, func(ctx context.Context, in *UpdateTaskInput) (*TaskOutput, error) {
		a, t, err := s.work.managedTask(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		if in.Body.Status == "" {
			in.Body.Status = t.Status // left out: unchanged
		}
		fromTaskBody(in.Body, t)
		if err := s.needs.UpdateTask(ctx, t, a.ID()); err != nil {
			return nil, s.apiError(ctx, err)
		}
		return s.taskOutput(ctx, t.ID)
	})
}

// visibleNeed returns need id and its organization if the caller may see the need, else a 404.
func (s *posting) visibleNeed(ctx context.Context, id int64) (*civhub.Need, *civhub.Organization, error) {
	n, o, err := s.loadNeed(ctx, callerOf(ctx).actor, id)
	if err != nil {
		return nil, nil, s.apiError(ctx, err)
	}
	return n, o, nil
}

// managedNeed returns the caller and need id when the caller runs its organization: 401 without a
// token, 404 for a need they may not see, 403 for one they do not run.
func (s *posting) managedNeed(ctx context.Context, id int64) (*civhub.Actor, *civhub.Need, error) {
	a, err := s.requireCaller(ctx)
	if err != nil {
		return nil, nil, err
	}
	n, o, err := s.visibleNeed(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !a.CanManageNeeds(o) {
		return nil, nil, s.apiError(ctx, errNotAllowed)
	}
	return a, n, nil
}

// needOutput reads need id back as stored, with its tasks when withTasks.
func (s *posting) needOutput(ctx context.Context, id int64, withTasks bool) (*NeedOutput, error) {
	n, err := s.needs.FindNeed(ctx, id)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &NeedOutput{Body: toAPINeed(n)}
	if withTasks {
		tasks, err := s.needs.NeedTasks(ctx, id)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out.Body.Tasks = []apiTask{}
		for _, t := range tasks {
			out.Body.Tasks = append(out.Body.Tasks, toAPITask(t))
		}
	}
	return out, nil
}

// taskOutput reads task id back as stored.
func (s *posting) taskOutput(ctx context.Context, id int64) (*TaskOutput, error) {
	t, err := s.needs.FindTask(ctx, id)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &TaskOutput{Body: toAPITask(t)}, nil
}
