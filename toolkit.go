package civhub

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// How a toolkit came from another: translated into another language, or adapted (for a country,
// a kind of group) into a toolkit of its own.
const (
	ToolkitTranslation = "translation"
	ToolkitAdaptation  = "adaptation"
)

// Revision statuses. Every edit is a revision; only published ones are the toolkit's history. An
// edit by someone not yet trusted waits for a moderator; a translation written for a task waits for
// the organization to approve the work, and its approval publishes it.
const (
	RevisionPublished = "published"
	RevisionPending   = "pending"
	RevisionRejected  = "rejected"
	RevisionTask      = "task"
)

// Toolkit is an open, versioned set of pages anyone may use, improve, translate and adapt. Its
// title, summary and pages are those of its current revision; a toolkit and its translations
// share a slug, one per language.
type Toolkit struct {
	ID             int64     `json:"id"`
	Slug           string    `json:"slug"`
	Language       string    `json:"language"`
	Title          string    `json:"title"`
	Summary        string    `json:"summary"`
	Licence        string    `json:"licence"`
	Tags           []string  `json:"tags"`
	Origin         string    `json:"origin,omitempty"`          // where it came from: an event, a programme, in words
	OrganizationID int64     `json:"organization_id,omitempty"` // the organization it comes from; its managers keep it
	OrgName        string    `json:"organization,omitempty"`    // filled when read
	OrgSlug        string    `json:"-"`
	SourceID       int64     `json:"source_id,omitempty"` // the toolkit it translates or adapts; 0 for an original
	SourceKind     string    `json:"source_kind,omitempty"`
	SourceRev      int64     `json:"source_revision,omitempty"` // the source's revision it was last brought up to date with
	Source         *Ref      `json:"source,omitempty"`          // filled when one toolkit is read
	ChangesSince   int       `json:"source_changes_since"`      // published revisions of the source after SourceRev
	SourceFrom     int       `json:"-"`                         // the number of the source's revision it follows, when one is read
	SourceTo       int       `json:"-"`                         // the number of the source's current revision, when one is read
	CurrentRev     int64     `json:"current_revision"`          // 0 until its first revision is published
	Pages          []Page    `json:"pages,omitempty"`           // filled when one toolkit is read
	Translations   []Ref     `json:"translations,omitempty"`    // its other languages, filled when one toolkit is read
	Adaptations    []Ref     `json:"adaptations,omitempty"`     // toolkits adapted from it
	Hidden         bool      `json:"-"`                         // taken down by a moderator
	CreatedBy      int64     `json:"-"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Ref names a toolkit another links to.
type Ref struct {
	ID       int64  `json:"id"`
	Slug     string `json:"slug"`
	Language string `json:"language"`
	Title    string `json:"title"`
}

// Href is the address of the toolkit r names.
func (r Ref) Href() string { return "/toolkits/" + r.Slug + "/" + r.Language }

// Href is the toolkit's address.
func (t *Toolkit) Href() string { return "/toolkits/" + t.Slug + "/" + t.Language }

// Published reports whether the toolkit has a published revision, and so may be read by anyone.
func (t *Toolkit) Published() bool { return t.CurrentRev != 0 && !t.Hidden }

// Page is one page of a toolkit, in Markdown.
type Page struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// Revision is one edit of a toolkit: a whole snapshot of its title, summary and pages, so that any
// two can be compared and any one restored.
type Revision struct {
	ID           int64     `json:"id"`
	ToolkitID    int64     `json:"toolkit_id"`
	Number       int       `json:"number"` // 1, 2, …: its place in the toolkit's revisions
	AuthorID     int64     `json:"author_id"`
	Author       string    `json:"author"` // filled when read
	Note         string    `json:"note"`   // what the edit did, in the editor's words
	Title        string    `json:"title"`
	Summary      string    `json:"summary"`
	Pages        []Page    `json:"pages,omitempty"` // filled when one revision is read
	Status       string    `json:"status"`
	RevertOf     int       `json:"revert_of,omitempty"`       // the number of the revision whose pages it restored
	SourceRev    int64     `json:"source_revision,omitempty"` // for a translation: the source's revision it follows, when it says so
	AssignmentID int64     `json:"-"`                         // the task's engagement it was written for
	TaskID       int64     `json:"task_id,omitempty"`
	ReviewedBy   int64     `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// ToolkitFile is a file attached to a toolkit: a PDF, an image or an office document, checked by
// its content when it was added.
type ToolkitFile struct {
	ID          int64     `json:"id"`
	ToolkitID   int64     `json:"-"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	Data        []byte    `json:"-"` // filled by ToolkitFile only
	AddedBy     int64     `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
}

// MaxToolkitFiles bounds the files attached to one toolkit.
const MaxToolkitFiles = 20

// CheckFileName keeps the last part of a file's name, without control characters, quotes or
// slashes, of at most 100 characters; it reports a name with nothing left.
func CheckFileName(name string) (string, error) {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || !utf8.ValidRune(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, "")))
	if utf8.RuneCountInString(name) > 100 {
		name = string([]rune(name)[:100])
	}
	if name == "" || name == "." || name == ".." {
		return "", FieldError("file", "err.attachment_name", "Give the file a name.")
	}
	return name, nil
}

// Contributor is a person who wrote published revisions of a toolkit.
type Contributor struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Edits int    `json:"edits"`
}

// Limits of a toolkit's parts.
const (
	MaxToolkitPages  = 30
	maxToolkitPage   = 20000
	maxToolkitText   = 150000 // all its pages together
	maxToolkitTags   = 10
	maxToolkitOrigin = 200
	maxRevisionNote  = 300
	// TrustAfter is how old an account must be, with an edit a moderator published, before its
	// edits are published at once.
	TrustAfter = 7 * 24 * time.Hour
)

// Validate checks the toolkit's own fields (its title and pages are its revision's).
func (t *Toolkit) Validate() error {
	t.Licence, t.Origin = strings.TrimSpace(t.Licence), strings.TrimSpace(t.Origin)
	t.Language = strings.ToLower(strings.TrimSpace(t.Language))
	if t.Licence == "" {
		t.Licence = DefaultLicence
	}
	var errs []error
	if len(t.Slug) < 2 || len(t.Slug) > 60 || !slugPattern.MatchString(t.Slug) {
		errs = append(errs, FieldError("slug", "err.slug_invalid", "A web address may use lower-case letters, digits and single dashes."))
	}
	if !slices.Contains(CourseLanguages, t.Language) {
		errs = append(errs, FieldError("language", "err.toolkit_language", "Choose the language the toolkit is written in."))
	}
	if !slices.Contains(Licences, t.Licence) {
		errs = append(errs, FieldError("licence", "err.course_licence", "Choose one of the open licences."))
	}
	if utf8.RuneCountInString(t.Origin) > maxToolkitOrigin {
		errs = append(errs, FieldError("origin", "err.toolkit_origin", "Say where it comes from in at most 200 characters."))
	}
	t.Tags = ToolkitTags(strings.Join(t.Tags, ","))
	if len(t.Tags) > maxToolkitTags {
		errs = append(errs, FieldError("tags", "err.toolkit_tags", "Give at most 10 tags, each of at most 30 letters or digits."))
	}
	return MergeFieldErrors(errs...)
}

// ToolkitTags reads tags written with commas (Latin or Arabic) between them: trimmed, lower case, each once, those
// longer than 30 characters or with nothing but punctuation dropped.
func ToolkitTags(s string) []string {
	var out []string
	for _, tag := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '،' }) {
		tag = strings.ToLower(strings.Join(strings.Fields(tag), " "))
		if tag == "" || utf8.RuneCountInString(tag) > 30 || !strings.ContainsFunc(tag, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		if !slices.Contains(out, tag) {
			out = append(out, tag)
		}
	}
	return out
}

// Validate checks the revision's title, summary, note and pages and names every field at fault;
// page fields are named page_title_N and page_body_N (N from 1).
func (r *Revision) Validate() error {
	r.Title, r.Summary, r.Note = strings.TrimSpace(r.Title), strings.TrimSpace(r.Summary), strings.TrimSpace(r.Note)
	var errs []error
	if n := utf8.RuneCountInString(r.Title); n < 5 || n > 140 {
		errs = append(errs, FieldError("title", "err.title_length", "Write a title of 5 to 140 characters."))
	}
	if n := utf8.RuneCountInString(r.Summary); n < 10 || n > 600 {
		errs = append(errs, FieldError("summary", "err.toolkit_summary", "Say in 10 to 600 characters what the toolkit helps with and for whom."))
	}
	if utf8.RuneCountInString(r.Note) > maxRevisionNote {
		errs = append(errs, FieldError("note", "err.revision_note", "Keep the note about your change under 300 characters."))
	}
	switch {
	case len(r.Pages) == 0:
		errs = append(errs, FieldError("page_title_1", "err.toolkit_no_page", "A toolkit needs at least one page."))
	case len(r.Pages) > MaxToolkitPages:
		errs = append(errs, FieldError("pages", "err.toolkit_pages", "A toolkit may have at most 30 pages."))
	}
	total := 0
	for i := range r.Pages {
		p := &r.Pages[i]
		p.Title, p.Body = strings.TrimSpace(p.Title), strings.TrimSpace(strings.ReplaceAll(p.Body, "\r\n", "\n"))
		n := strconv.Itoa(i + 1)
		if c := utf8.RuneCountInString(p.Title); c < 2 || c > 140 {
			errs = append(errs, FieldError("page_title_"+n, "err.lesson_title", "Write a title of 2 to 140 characters."))
		}
		if utf8.RuneCountInString(p.Body) > maxToolkitPage {
			errs = append(errs, FieldError("page_body_"+n, "err.toolkit_page_body", "A page may be at most 20,000 characters: split it in two."))
		}
		total += utf8.RuneCountInString(p.Body)
	}
	if total > maxToolkitText {
		errs = append(errs, FieldError("pages", "err.toolkit_text", "A toolkit may hold at most 150,000 characters: make it two toolkits."))
	}
	return MergeFieldErrors(errs...)
}

// Words counts the words of the revision's title, summary and pages: the size of translating it.
func (r *Revision) Words() int {
	n := len(strings.Fields(r.Title)) + len(strings.Fields(r.Summary))
	for _, p := range r.Pages {
		n += len(strings.Fields(p.Title)) + len(strings.Fields(p.Body))
	}
	return n
}

// TranslationHours estimates the hours of translating words words: about 400 words an hour,
// checking included, at least one hour.
func TranslationHours(words int) int { return min(max(1, (words+399)/400), 500) }

// CanPublishRevision reports whether an edit by a to toolkit t is published at once: moderators',
// those of the managers of the organization it comes from, and those of accounts older than
// TrustAfter with an edit published before (publishedEdits). Other edits wait for a moderator.
func (a *Actor) CanPublishRevision(t *Toolkit, publishedEdits int, now time.Time) bool {
	switch {
	case !a.SignedIn():
		return false
	case a.IsModerator():
		return true
	case t != nil && t.OrganizationID != 0 && a.managesOrganization(t.OrganizationID):
		return true
	}
	return publishedEdits > 0 && now.Sub(a.Person.CreatedAt) >= TrustAfter
}

// CanEditToolkits reports whether a may write toolkits and edit them (an edit may still wait for
// review: see CanPublishRevision).
func (a *Actor) CanEditToolkits() bool { return a.SignedIn() && a.Person.Verified() }

// CanViewToolkit reports whether a may read t: anyone once it is published; its author and the
// moderators before, or after a moderator took it down.
func (a *Actor) CanViewToolkit(t *Toolkit) bool {
	return t.Published() || a.IsModerator() || (a.SignedIn() && t.CreatedBy == a.ID() && !t.Hidden)
}

// CanViewRevision reports whether a may read revision r of t: published ones with the toolkit;
// others by their author, the moderators, and — for task work — the managers of the task's
// organization (org, 0 when none).
func (a *Actor) CanViewRevision(t *Toolkit, r *Revision, org int64) bool {
	switch {
	case !a.CanViewToolkit(t) && !(a.SignedIn() && r.AuthorID == a.ID()):
		return false
	case r.Status == RevisionPublished || a.IsModerator() || (a.SignedIn() && r.AuthorID == a.ID()):
		return true
	}
	return org != 0 && a.managesOrganization(org)
}

// CanTaskTranslation reports whether a may turn translating a toolkit into a task: managers of an
// organization, for their organization's needs.
func (a *Actor) CanTaskTranslation() bool { return len(a.ManagedOrganizations()) > 0 }

// Moderators' decisions on a pending revision.
const (
	RevisionDecidePublish = "publish"
	RevisionDecideReject  = "reject"
)

// ToolkitFilter chooses toolkits to list.
type ToolkitFilter struct {
	Query    string // words of the title, summary, pages or tags
	Language string
	Tag      string
	Limit    int
}

// ToolkitTask is a task on the core loop whose work is translating a toolkit (or bringing a
// translation up to date): approving the work publishes the volunteer's revision.
type ToolkitTask struct {
	TaskID    int64  `json:"task_id"`
	ToolkitID int64  `json:"toolkit_id"` // the source
	Language  string `json:"language"`   // the language translated into
	Slug      string `json:"slug"`
}

// ToolkitService keeps toolkits, their revisions, their translations and adaptations.
type ToolkitService interface {
	// CreateToolkit stores a new toolkit and its first revision r, written by by: published when by
	// may publish at once, else waiting for a moderator. t.Slug is made from the title unless set.
	CreateToolkit(ctx context.Context, t *Toolkit, r *Revision, by int64) error
	// UpdateToolkit saves t's own fields (licence, tags, origin).
	UpdateToolkit(ctx context.Context, t *Toolkit, by int64) error
	// FindToolkit returns the toolkit with slug in lang, with its current pages and links.
	FindToolkit(ctx context.Context, slug, lang string) (*Toolkit, error)
	// FindToolkitByID is FindToolkit by ID.
	FindToolkitByID(ctx context.Context, id int64) (*Toolkit, error)
	// ListToolkits lists published toolkits, most recently changed first.
	ListToolkits(ctx context.Context, f ToolkitFilter) ([]*Toolkit, error)
	// Edit stores r as a new revision of toolkit, by by; published (and made current) when by may
	// publish at once. base is the revision the editor started from: ECONFLICT when another edit was
	// published since, so that nobody overwrites what they did not see.
	Edit(ctx context.Context, toolkit int64, r *Revision, base int64, by int64) error
	// Revert restores revision rev's title, summary and pages as a new revision.
	Revert(ctx context.Context, toolkit, rev int64, by int64) (*Revision, error)
	// Revisions lists a toolkit's revisions, newest first: published ones, and others for
	// moderators (all true).
	Revisions(ctx context.Context, toolkit int64, all bool) ([]*Revision, error)
	// Revision returns one revision with its pages.
	Revision(ctx context.Context, toolkit int64, number int) (*Revision, error)
	// RecentChanges lists the latest published revisions of every toolkit anyone may read, newest
	// first, each with its toolkit.
	RecentChanges(ctx context.Context, limit int) ([]*Revision, []*Toolkit, error)
	// Contributors lists who wrote published revisions of a toolkit, most edits first.
	Contributors(ctx context.Context, toolkit int64) ([]Contributor, error)
	// PublishedEdits counts a person's published revisions, for CanPublishRevision.
	PublishedEdits(ctx context.Context, person int64) (int, error)
	// Pending lists revisions waiting for a moderator, oldest first, with their toolkits.
	Pending(ctx context.Context, limit int) ([]*Revision, []*Toolkit, error)
	// Review publishes or rejects a pending revision (RevisionDecide…).
	Review(ctx context.Context, rev int64, decision string, by int64) error
	// UndoPerson rejects a person's pending revisions and, where one of theirs is current, restores
	// the last revision by someone else (a toolkit with none is taken down): spam and vandalism
	// undone in one step. It returns how many toolkits it restored.
	UndoPerson(ctx context.Context, person, by int64) (int, error)
	// Adapt forks a toolkit into a new one with its own slug (a translation when lang differs and
	// kind is ToolkitTranslation), its first revision a copy of the source's current one.
	Adapt(ctx context.Context, source int64, t *Toolkit, by int64) error

	// AddFile attaches f to a toolkit: for those whose edits are published at once. Errors:
	// ECONFLICT when it has MaxToolkitFiles already.
	AddFile(ctx context.Context, toolkit int64, f *ToolkitFile, by int64) error
	// Files lists a toolkit's files, oldest first, without their data.
	Files(ctx context.Context, toolkit int64) ([]ToolkitFile, error)
	// File returns one of a toolkit's files with its data.
	File(ctx context.Context, toolkit, id int64) (*ToolkitFile, error)
	// RemoveFile takes a file off a toolkit: for those whose edits are published at once.
	RemoveFile(ctx context.Context, toolkit, id int64, by int64) error

	// CreateTranslationTask creates task (a translation of toolkit into lang, on one of its
	// organization's needs) and links it to the toolkit, in one transaction.
	CreateTranslationTask(ctx context.Context, task *Task, toolkit int64, lang string, by int64) error
	// TaskToolkit returns the toolkit work of a task, or nil when it has none.
	TaskToolkit(ctx context.Context, task int64) (*ToolkitTask, error)
	// SaveTaskWork stores the volunteer's translation for an engagement (assignment) as a revision
	// waiting for the organization's approval, replacing the one saved before. Approving the
	// engagement publishes it (in the approval's transaction), credited to the volunteer.
	SaveTaskWork(ctx context.Context, assignment int64, r *Revision, by int64) error
	// TaskWork returns the revision saved for an engagement, or nil when there is none yet.
	TaskWork(ctx context.Context, assignment int64) (*Revision, error)
}
