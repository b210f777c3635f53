package web

import (
	"context"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"civhub"
	"civhub/i18n"
	"civhub/textdiff"
	"civhub/upload"
)

var errToolkitNotFound = civhub.E(civhub.ENOTFOUND, "err.toolkit_not_found", "There is no such toolkit.")

// loadToolkit reads the toolkit of the request's path as the viewer may see it.
func (s *toolkits) loadToolkit(r *http.Request) (*civhub.Toolkit, error) {
	slug, lang := r.PathValue("slug"), r.PathValue("lang")
	if len(slug) > 60 || len(lang) > 12 {
		return nil, errToolkitNotFound
	}
	t, err := s.toolkits.FindToolkit(r.Context(), slug, lang)
	if err != nil {
		return nil, err
	}
	if !actorOf(r).CanViewToolkit(t) {
		return nil, errToolkitNotFound
	}
	return t, nil
}

// canPublish reports whether the viewer's edits of t are published at once.
func (s *toolkits) canPublish(r *http.Request, t *civhub.Toolkit) (bool, error) {
	a := actorOf(r)
	if !a.SignedIn() {
		return false, nil
	}
	edits, err := s.toolkits.PublishedEdits(r.Context(), a.ID())
	if err != nil {
		return false, err
	}
	return a.CanPublishRevision(t, edits, time.Now()), nil
}

// requireEditor refuses editing to whoever is not signed in with a confirmed address.
func requireEditor(r *http.Request) (*civhub.Person, error) {
	if err := requireConfirmed(r, (*civhub.Actor).CanEditToolkits); err != nil {
		return nil, err
	}
	return requestInfoOf(r).viewer, nil
}

// editingToolkit loads the toolkit of a post for an editor and reads the form with parse.
func (s *toolkits) editingToolkit(w http.ResponseWriter, r *http.Request, parse func(http.ResponseWriter, *http.Request) error) (*civhub.Person, *civhub.Toolkit, error) {
	v, err := requireEditor(r)
	if err != nil {
		return nil, nil, err
	}
	t, err := s.loadToolkit(r)
	if err != nil {
		return nil, nil, err
	}
	return v, t, parse(w, r)
}

// toolkitsPage is the list of toolkits.
type toolkitsPage struct {
	Page
	Toolkits  []*civhub.Toolkit
	Languages []Option
	Query     string
	Tag       string
	CanWrite  bool
	Queue     int // edits waiting for a moderator, for moderators
}

func (s *toolkits) toolkitList(w http.ResponseWriter, r *http.Request) error {
	l, q := requestInfoOf(r).locale, r.URL.Query()
	f := civhub.ToolkitFilter{Query: strings.TrimSpace(q.Get("q")), Language: q.Get("language"), Limit: 100}
	if !slices.Contains(civhub.CourseLanguages, f.Language) {
		f.Language = ""
	}
	if tags := civhub.ToolkitTags(q.Get("tag")); len(tags) == 1 {
		f.Tag = tags[0]
	}
	if len(f.Query) > 200 {
		f.Query = f.Query[:200]
	}
	list, err := s.toolkits.ListToolkits(r.Context(), f)
	if err != nil {
		return err
	}
	a := actorOf(r)
	p := &toolkitsPage{Page: s.page(r, l.T("toolkit.list.title")), Toolkits: list, Query: f.Query, Tag: f.Tag, CanWrite: a.CanEditToolkits()}
	p.Nav = "courses"
	p.Languages = writtenLanguages(l, f.Language, "task.list.any_language")
	if a.CanModerate() {
		pending, _, err := s.toolkits.Pending(r.Context(), 200)
		if err != nil {
			return err
		}
		p.Queue = len(pending)
	}
	return s.render(w, r, http.StatusOK, "toolkits", p)
}

// writtenLanguages offers the languages toolkits and courses are written in, with a first option
// for none (anyLabel, "" for no such option).
func writtenLanguages(l *i18n.Locale, selected, anyLabel string) []Option {
	var out []Option
	if anyLabel != "" {
		out = append(out, Option{"", l.T(anyLabel), selected == ""})
	}
	for _, code := range civhub.CourseLanguages {
		out = append(out, Option{code, l.Language(code), selected == code})
	}
	return out
}

// toolkitFormPage writes a toolkit: a new one, an edit, or a volunteer's translation for a task.
type toolkitFormPage struct {
	authPage
	Toolkit     *civhub.Toolkit // nil for a new one
	Action      string
	Base        int64      // the revision the edit starts from
	Slots       []pageSlot // the page fields, one empty at the end to add a page
	Languages   []Option   // a new toolkit's
	Licences    []Option
	Orgs        []Option
	Reviewed    bool // the viewer's edit waits for a moderator
	Translation bool // offer "up to date with the source"
	SourceTitle string
	Task        *civhub.Task // the task the translation is written for
	Saved       bool         // task work was saved before
}

// pageSlot is one page's fields on the form, with the source's page at the same place for a translation.
type pageSlot struct {
	N      int
	Source *civhub.Page
}

// slots makes n page slots, with the source's pages beside them.
func slots(n int, source []civhub.Page) []pageSlot {
	out := make([]pageSlot, n)
	for i := range out {
		out[i].N = i + 1
		if i < len(source) {
			out[i].Source = &source[i]
		}
	}
	return out
}

// revisionValues are the form's values for a revision's fields.
func revisionValues(rev *civhub.Revision) map[string]string {
	v := map[string]string{"title": rev.Title, "summary": rev.Summary}
	for i, p := range rev.Pages {
		n := strconv.Itoa(i + 1)
		v["page_title_"+n], v["page_body_"+n] = p.Title, p.Body
	}
	return v
}

// postedSlots reads how many page slots the form had, and keeps every value posted, to show them again.
func postedSlots(r *http.Request) (int, map[string]string) {
	n, _ := strconv.Atoi(r.PostFormValue("pages"))
	n = min(max(n, 1), civhub.MaxToolkitPages+1)
	v := formValues(r, "title", "summary", "note", "tags", "origin", "slug")
	for i := 1; i <= n; i++ {
		k := strconv.Itoa(i)
		v["page_title_"+k], v["page_body_"+k] = r.PostFormValue("page_title_"+k), r.PostFormValue("page_body_"+k)
	}
	return n, v
}

// readRevision reads a posted revision: the pages whose title or text was filled in, in order. Its
// errors name the fields as the form numbered them.
func readRevision(r *http.Request) (*civhub.Revision, []int) {
	n, v := postedSlots(r)
	rev := &civhub.Revision{Title: v["title"], Summary: v["summary"], Note: v["note"]}
	var numbers []int
	for i := 1; i <= n; i++ {
		k := strconv.Itoa(i)
		title, body := v["page_title_"+k], v["page_body_"+k]
		if strings.TrimSpace(title) == "" && strings.TrimSpace(body) == "" {
			continue // an empty page: not added, or removed
		}
		rev.Pages = append(rev.Pages, civhub.Page{Title: title, Body: body})
		numbers = append(numbers, i)
	}
	return rev, numbers
}

// renumber names the page fields of err as the form numbered them (numbers[i] for the i+1th page kept).
func renumber(err error, numbers []int) error {
	e := asError(err)
	if e == nil || len(e.Fields) == 0 {
		return err
	}
	fields := make(map[string]string, len(e.Fields))
	for name, msg := range e.Fields {
		for _, prefix := range []string{"page_title_", "page_body_"} {
			if i, perr := strconv.Atoi(strings.TrimPrefix(name, prefix)); strings.HasPrefix(name, prefix) && perr == nil && i >= 1 && i <= len(numbers) {
				name = prefix + strconv.Itoa(numbers[i-1])
			}
		}
		fields[name] = msg
	}
	out := *e
	out.Fields = fields
	return &out
}

func (s *toolkits) formPage(r *http.Request, t *civhub.Toolkit, title string) *toolkitFormPage {
	p := &toolkitFormPage{authPage: *s.authPage(r, title), Toolkit: t}
	p.Nav = "courses"
	return p
}

// orgOptions offers the viewer's organizations, and none.
func (s *toolkits) orgOptions(ctx context.Context, r *http.Request, selected int64) ([]Option, error) {
	l := requestInfoOf(r).locale
	list, err := s.orgs.Memberships(ctx, requestInfoOf(r).viewer.ID)
	if err != nil {
		return nil, err
	}
	out := []Option{{"", l.T("toolkit.field.no_org"), selected == 0}}
	for _, m := range list {
		out = append(out, Option{strconv.FormatInt(m.OrganizationID, 10), m.Name, m.OrganizationID == selected})
	}
	return out, nil
}

func (s *toolkits) newForm(r *http.Request, k *civhub.Toolkit, values map[string]string, n int) (*toolkitFormPage, error) {
	p := s.formPage(r, nil, "toolkit.new.title")
	p.Action, p.Slots, p.Reviewed = "/toolkits/new", slots(n, nil), true
	if ok, err := s.canPublish(r, k); err != nil {
		return nil, err
	} else {
		p.Reviewed = !ok
	}
	l := requestInfoOf(r).locale
	p.Languages = writtenLanguages(l, k.Language, "")
	for _, lic := range civhub.Licences {
		p.Licences = append(p.Licences, Option{lic, lic, k.Licence == lic})
	}
	var err error
	if p.Orgs, err = s.orgOptions(r.Context(), r, k.OrganizationID); err != nil {
		return nil, err
	}
	p.Form.Values = values
	return p, nil
}

func (s *toolkits) newToolkitForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireEditor(r); err != nil {
		return err
	}
	k := &civhub.Toolkit{Language: requestInfoOf(r).locale.Code, Licence: civhub.DefaultLicence}
	p, err := s.newForm(r, k, map[string]string{}, 3)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "toolkit_form", p)
}

func (s *toolkits) createToolkit(w http.ResponseWriter, r *http.Request) error {
	v, err := requireEditor(r)
	if err != nil {
		return err
	}
	if err := s.parseLongForm(w, r); err != nil {
		return err
	}
	rev, numbers := readRevision(r)
	k := &civhub.Toolkit{Language: r.PostFormValue("language"), Licence: r.PostFormValue("licence"), Tags: civhub.ToolkitTags(r.PostFormValue("tags")),
		Origin: r.PostFormValue("origin")}
	k.OrganizationID, _ = strconv.ParseInt(r.PostFormValue("organization"), 10, 64)
	err = withSlug(rev.Title, func(slug string) error {
		k.Slug = slug
		return s.toolkits.CreateToolkit(r.Context(), k, rev, v.ID)
	})
	if err != nil {
		n, values := postedSlots(r)
		p, perr := s.newForm(r, k, values, n)
		if perr != nil {
			return perr
		}
		return s.renderForm(w, r, renumber(err, numbers), "toolkit_form", &p.authPage, p)
	}
	notice := "toolkit.new.done"
	if rev.Status != civhub.RevisionPublished {
		notice = "toolkit.edit.waits"
	}
	return s.redirectWith(w, r, k.Href(), notice)
}

// toolkitPage shows a toolkit: its pages, where it comes from, its translations, and what the
// viewer may do with it.
type toolkitPage struct {
	authPage
	Toolkit        *civhub.Toolkit
	Contributors   []civhub.Contributor
	CanEdit        bool
	CanTask        bool // the viewer may make translating it a task
	Current        int  // the current revision's number
	Files          []civhub.ToolkitFile
	CanManageFiles bool // the viewer may attach and remove files
}

func (s *toolkits) toolkit(w http.ResponseWriter, r *http.Request) error {
	t, err := s.loadToolkit(r)
	if err != nil {
		return err
	}
	p, err := s.toolkitPageFor(r, t)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "toolkit", p)
}

func (s *toolkits) toolkitPageFor(r *http.Request, t *civhub.Toolkit) (*toolkitPage, error) {
	a := actorOf(r)
	p := &toolkitPage{authPage: *s.formsPage(r, "toolkit.title"), Toolkit: t, CanEdit: a.CanEditToolkits() && !t.Hidden,
		CanTask: a.CanTaskTranslation() && t.Published()}
	p.Title, p.Nav = t.Title, "courses"
	var err error
	if p.Contributors, err = s.toolkits.Contributors(r.Context(), t.ID); err != nil {
		return nil, err
	}
	if p.Files, err = s.toolkits.Files(r.Context(), t.ID); err != nil {
		return nil, err
	}
	if p.CanManageFiles, err = s.canPublish(r, t); err != nil {
		return nil, err
	}
	revs, err := s.toolkits.Revisions(r.Context(), t.ID, false)
	if err != nil {
		return nil, err
	}
	for _, rev := range revs {
		if rev.ID == t.CurrentRev {
			p.Current = rev.Number
		}
	}
	return p, nil
}

func (s *toolkits) addFile(w http.ResponseWriter, r *http.Request) error {
	v, t, err := s.editingToolkit(w, r, func(w http.ResponseWriter, r *http.Request) error {
		return s.parseMultipartForm(w, r, upload.MaxAttachmentBytes)
	})
	if err != nil {
		return err
	}
	f, h, ferr := r.FormFile("file")
	if ferr != nil {
		err = civhub.FieldError("file", "err.attachment_invalid", "Attach a PDF, an image, or an office document of at most 10 MB.")
	} else {
		defer f.Close()
		data, ct, ext, aerr := upload.Attachment(f, h.Filename)
		err = aerr
		if aerr == nil {
			name := strings.TrimSuffix(h.Filename, path.Ext(h.Filename)) + "." + ext
			err = s.toolkits.AddFile(r.Context(), t.ID, &civhub.ToolkitFile{Name: name, ContentType: ct, Data: data}, v.ID)
		}
	}
	if err != nil {
		p, perr := s.toolkitPageFor(r, t)
		if perr != nil {
			return perr
		}
		return s.renderForm(w, r, err, "toolkit", &p.authPage, p)
	}
	return s.redirectWith(w, r, t.Href()+"#files-h", "toolkit.files.added")
}

// fileOf reads the file {id} of t.
func (s *toolkits) fileOf(r *http.Request, t *civhub.Toolkit) (*civhub.ToolkitFile, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, errNoFile
	}
	return s.toolkits.File(r.Context(), t.ID, id)
}

// file sends a toolkit's file, always as a download under the name it was given.
func (s *toolkits) file(w http.ResponseWriter, r *http.Request) error {
	t, err := s.loadToolkit(r)
	if err != nil {
		return err
	}
	f, err := s.fileOf(r, t)
	if civhub.ErrorCode(err) == civhub.ENOTFOUND && t.SourceID != 0 {
		// A translation or an adaptation shows the images of the toolkit it was made from.
		if src, serr := s.toolkits.FindToolkitByID(r.Context(), t.SourceID); serr == nil && actorOf(r).CanViewToolkit(src) {
			f, err = s.fileOf(r, src)
		}
	}
	if err != nil {
		return err
	}
	disposition := "attachment" // documents are downloaded, never opened in civhub's name
	if f.ContentType == "image/png" {
		disposition = "inline" // images show in the pages
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": f.Name}))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, max-age=3600")
	_, err = w.Write(f.Data)
	return err
}

func (s *toolkits) removeFile(w http.ResponseWriter, r *http.Request) error {
	v, t, err := s.editingToolkit(w, r, s.parseForm)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.toolkits.RemoveFile(r.Context(), t.ID, id, v.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, t.Href()+"#files-h", "toolkit.files.removed")
}

// editForm is the form of an edit of t, its fields from rev (nil: from the posted form).
func (s *toolkits) editForm(r *http.Request, t *civhub.Toolkit, values map[string]string, n int, base int64) (*toolkitFormPage, error) {
	p := s.formPage(r, t, "toolkit.edit.title")
	p.Action, p.Base = t.Href()+"/edit", base
	ok, err := s.canPublish(r, t)
	if err != nil {
		return nil, err
	}
	p.Reviewed = !ok
	var source []civhub.Page
	if t.SourceID != 0 && t.SourceKind == civhub.ToolkitTranslation {
		src, err := s.toolkits.FindToolkitByID(r.Context(), t.SourceID)
		if err != nil {
			return nil, err
		}
		source, p.Translation, p.SourceTitle = src.Pages, true, src.Title
	}
	p.Slots = slots(n, source)
	p.Form.Values = values
	return p, nil
}

func (s *toolkits) editToolkitForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireEditor(r); err != nil {
		return err
	}
	t, err := s.loadToolkit(r)
	if err != nil {
		return err
	}
	values := revisionValues(&civhub.Revision{Title: t.Title, Summary: t.Summary, Pages: t.Pages})
	p, err := s.editForm(r, t, values, len(t.Pages)+1, t.CurrentRev)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "toolkit_form", p)
}

func (s *toolkits) editToolkit(w http.ResponseWriter, r *http.Request) error {
	v, t, err := s.editingToolkit(w, r, s.parseLongForm)
	if err != nil {
		return err
	}
	rev, numbers := readRevision(r)
	if r.PostFormValue("up_to_date") == "yes" {
		rev.SourceRev = 1 // any value: the service records the source's current revision
	}
	base, _ := strconv.ParseInt(r.PostFormValue("base"), 10, 64)
	if err := s.toolkits.Edit(r.Context(), t.ID, rev, base, v.ID); err != nil {
		n, values := postedSlots(r)
		p, perr := s.editForm(r, t, values, n, base)
		if perr != nil {
			return perr
		}
		if civhub.ErrorCode(err) == civhub.ECONFLICT {
			p.Base = t.CurrentRev // saving again keeps this text, over what the other person wrote
		}
		return s.renderForm(w, r, renumber(err, numbers), "toolkit_form", &p.authPage, p)
	}
	notice := "toolkit.edit.done"
	if rev.Status != civhub.RevisionPublished {
		notice = "toolkit.edit.waits"
	}
	return s.redirectWith(w, r, t.Href(), notice)
}

// historyPage lists a toolkit's revisions, to compare two or restore one.
type historyPage struct {
	authPage
	Toolkit   *civhub.Toolkit
	Revisions []*civhub.Revision
	CanRevert bool
	Moderator bool
}

func (s *toolkits) history(w http.ResponseWriter, r *http.Request) error {
	t, err := s.loadToolkit(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	p := &historyPage{authPage: *s.formsPage(r, "toolkit.history.title"), Toolkit: t, Moderator: a.CanModerate()}
	p.Nav = "courses"
	if p.Revisions, err = s.toolkits.Revisions(r.Context(), t.ID, a.CanModerate()); err != nil {
		return err
	}
	if p.CanRevert, err = s.canPublish(r, t); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "toolkit_history", p)
}

// loadRevision reads revision number n of t, as the viewer may see it.
func (s *toolkits) loadRevision(r *http.Request, t *civhub.Toolkit, n string) (*civhub.Revision, error) {
	number, err := strconv.Atoi(n)
	if err != nil || number < 1 || number > 1e9 {
		return nil, civhub.E(civhub.ENOTFOUND, "err.revision_not_found", "There is no such revision.")
	}
	rev, err := s.toolkits.Revision(r.Context(), t.ID, number)
	if err != nil {
		return nil, err
	}
	org := int64(0)
	if rev.TaskID != 0 {
		org = t.OrganizationID
	}
	if !actorOf(r).CanViewRevision(t, rev, org) {
		return nil, civhub.E(civhub.ENOTFOUND, "err.revision_not_found", "There is no such revision.")
	}
	return rev, nil
}

// revisionPage shows one revision's pages.
type revisionPage struct {
	authPage
	Toolkit   *civhub.Toolkit
	Revision  *civhub.Revision
	Current   bool
	Prev      int // the number of the revision before it; 0 for the first
	CanRevert bool
}

func (s *toolkits) revision(w http.ResponseWriter, r *http.Request) error {
	t, err := s.loadToolkit(r)
	if err != nil {
		return err
	}
	rev, err := s.loadRevision(r, t, r.PathValue("n"))
	if err != nil {
		return err
	}
	l := requestInfoOf(r).locale
	p := &revisionPage{authPage: *s.formsPage(r, "toolkit.revision.title"), Toolkit: t, Revision: rev, Current: rev.ID == t.CurrentRev,
		Prev: rev.Number - 1}
	p.Title, p.Nav = l.T("toolkit.revision.heading", map[string]any{"N": rev.Number, "Title": t.Title}), "courses"
	if ok, err := s.canPublish(r, t); err != nil {
		return err
	} else {
		p.CanRevert = ok && !p.Current && rev.Status == civhub.RevisionPublished
	}
	return s.render(w, r, http.StatusOK, "toolkit_revision", p)
}

// comparePage shows what changed between two revisions, word by word.
type comparePage struct {
	Page
	Toolkit     *civhub.Toolkit
	From, To    *civhub.Revision
	TitleDiff   []textdiff.Change
	SummaryDiff []textdiff.Change
	Pages       []pageDiff
	Same        bool
}

// pageDiff is one page's changes; a page only one revision has is all added or all deleted.
type pageDiff struct {
	N       int
	Title   []textdiff.Change
	Body    []textdiff.Change
	Changed bool
}

func (s *toolkits) compare(w http.ResponseWriter, r *http.Request) error {
	t, err := s.loadToolkit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	from, err := s.loadRevision(r, t, q.Get("from"))
	if err != nil {
		return err
	}
	to, err := s.loadRevision(r, t, q.Get("to"))
	if err != nil {
		return err
	}
	if from.Number > to.Number {
		from, to = to, from
	}
	l := requestInfoOf(r).locale
	p := &comparePage{Page: s.page(r, l.T("toolkit.compare.title")), Toolkit: t, From: from, To: to}
	p.Nav = "courses"
	p.TitleDiff, p.SummaryDiff, p.Pages, p.Same = compareRevisions(from, to)
	return s.render(w, r, http.StatusOK, "toolkit_compare", p)
}

// compareRevisions compares two revisions word by word: their titles, summaries, and pages paired
// by position (a page only one of them has is all added or all deleted); same when nothing changed.
func compareRevisions(from, to *civhub.Revision) (title, summary []textdiff.Change, pages []pageDiff, same bool) {
	title, summary = textdiff.Words(from.Title, to.Title), textdiff.Words(from.Summary, to.Summary)
	changed := textdiff.Changed(title) || textdiff.Changed(summary)
	for i := range max(len(from.Pages), len(to.Pages)) {
		var a, b civhub.Page
		if i < len(from.Pages) {
			a = from.Pages[i]
		}
		if i < len(to.Pages) {
			b = to.Pages[i]
		}
		d := pageDiff{N: i + 1, Title: textdiff.Words(a.Title, b.Title), Body: textdiff.Words(a.Body, b.Body)}
		d.Changed = textdiff.Changed(d.Title) || textdiff.Changed(d.Body)
		changed = changed || d.Changed
		pages = append(pages, d)
	}
	return title, summary, pages, !changed
}

func (s *toolkits) revert(w http.ResponseWriter, r *http.Request) error {
	v, t, err := s.editingToolkit(w, r, s.parseForm)
	if err != nil {
		return err
	}
	rev, err := s.loadRevision(r, t, r.PathValue("n"))
	if err != nil {
		return err
	}
	if _, err := s.toolkits.Revert(r.Context(), t.ID, rev.ID, v.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, t.Href()+"/history", "toolkit.revert.done")
}

// adaptPage starts a translation or an adaptation of a toolkit.
type adaptPage struct {
	authPage
	Toolkit   *civhub.Toolkit
	Kinds     []Option
	Languages []Option
	Orgs      []Option
}

func (s *toolkits) adaptPageFor(r *http.Request, t *civhub.Toolkit, kind, lang string, org int64) (*adaptPage, error) {
	l := requestInfoOf(r).locale
	p := &adaptPage{authPage: *s.authPage(r, "toolkit.adapt.title"), Toolkit: t}
	p.Nav = "courses"
	for _, k := range []struct{ value, label string }{
		{civhub.ToolkitTranslation, "toolkit.adapt.kind_translation"}, {civhub.ToolkitAdaptation, "toolkit.adapt.kind_adaptation"}} {
		p.Kinds = append(p.Kinds, Option{k.value, l.T(k.label), kind == k.value})
	}
	p.Languages = writtenLanguages(l, lang, "")
	var err error
	p.Orgs, err = s.orgOptions(r.Context(), r, org)
	return p, err
}

func (s *toolkits) adaptForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireEditor(r); err != nil {
		return err
	}
	t, err := s.loadToolkit(r)
	if err != nil {
		return err
	}
	lang := requestInfoOf(r).locale.Code
	if lang == t.Language {
		lang = ""
	}
	p, err := s.adaptPageFor(r, t, civhub.ToolkitTranslation, lang, 0)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "toolkit_adapt", p)
}

func (s *toolkits) adapt(w http.ResponseWriter, r *http.Request) error {
	v, src, err := s.editingToolkit(w, r, s.parseForm)
	if err != nil {
		return err
	}
	k := &civhub.Toolkit{Language: r.PostFormValue("language"), SourceKind: r.PostFormValue("kind"), Title: strings.TrimSpace(r.PostFormValue("title"))}
	k.OrganizationID, _ = strconv.ParseInt(r.PostFormValue("organization"), 10, 64)
	if k.SourceKind == civhub.ToolkitTranslation {
		err = s.toolkits.Adapt(r.Context(), src.ID, k, v.ID)
	} else {
		k.SourceKind = civhub.ToolkitAdaptation
		name := k.Title
		if name == "" {
			name = src.Title + " " + k.Language
		}
		err = withSlug(name, func(slug string) error {
			k.Slug = slug
			return s.toolkits.Adapt(r.Context(), src.ID, k, v.ID)
		})
	}
	if err != nil {
		p, perr := s.adaptPageFor(r, src, k.SourceKind, k.Language, k.OrganizationID)
		if perr != nil {
			return perr
		}
		p.Form.Values = formValues(r, "title")
		return s.renderForm(w, r, err, "toolkit_adapt", &p.authPage, p)
	}
	return s.redirectWith(w, r, k.Href()+"/edit", "toolkit.adapt.done")
}

// translationTaskPage turns translating a toolkit into a task of one of the viewer's needs.
type translationTaskPage struct {
	authPage
	Toolkit   *civhub.Toolkit
	Languages []Option
	Needs     []Option
	Words     int
}

func (s *toolkits) taskPageFor(r *http.Request, t *civhub.Toolkit, lang string, need int64) (*translationTaskPage, error) {
	l := requestInfoOf(r).locale
	p := &translationTaskPage{authPage: *s.authPage(r, "toolkit.task.title"), Toolkit: t,
		Words: (&civhub.Revision{Title: t.Title, Summary: t.Summary, Pages: t.Pages}).Words()}
	p.Nav = "courses"
	for _, code := range civhub.CourseLanguages {
		if code != t.Language {
			p.Languages = append(p.Languages, Option{code, l.Language(code), code == lang})
		}
	}
	ms, err := s.orgs.Memberships(r.Context(), requestInfoOf(r).viewer.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.Role != civhub.MemberOwner && m.Role != civhub.MemberAdmin {
			continue
		}
		needs, err := s.needs.NeedsUnderWay(r.Context(), m.OrganizationID, true, 50)
		if err != nil {
			return nil, err
		}
		for _, n := range needs {
			p.Needs = append(p.Needs, Option{strconv.FormatInt(n.ID, 10), m.Name + " — " + n.Title, n.ID == need})
		}
	}
	return p, nil
}

// requireTaskMaker refuses translation tasks to whoever manages no organization.
func requireTaskMaker(r *http.Request) error {
	if _, err := requireViewer(r); err != nil {
		return err
	}
	if !actorOf(r).CanTaskTranslation() {
		return civhub.E(civhub.EFORBIDDEN, "err.toolkit_task_managers", "Only the managers of an organization turn a translation into a task.")
	}
	return nil
}

func (s *toolkits) taskForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireTaskMaker(r); err != nil {
		return err
	}
	t, err := s.loadToolkit(r)
	if err != nil {
		return err
	}
	p, err := s.taskPageFor(r, t, r.URL.Query().Get("language"), 0)
	if err != nil {
		return err
	}
	p.Form.Values = map[string]string{"hours": strconv.Itoa(civhub.TranslationHours(p.Words))}
	return s.render(w, r, http.StatusOK, "toolkit_task", p)
}

func (s *toolkits) createTask(w http.ResponseWriter, r *http.Request) error {
	if err := requireTaskMaker(r); err != nil {
		return err
	}
	t, err := s.loadToolkit(r)
	if err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if !t.Published() {
		return errToolkitNotFound
	}
	l := requestInfoOf(r).locale
	lang := r.PostFormValue("language")
	need, _ := strconv.ParseInt(r.PostFormValue("need"), 10, 64)
	hours, herr := strconv.Atoi(strings.TrimSpace(r.PostFormValue("hours")))
	task := &civhub.Task{NeedID: need, Type: civhub.TaskTranslation, SourceLanguage: t.Language, TargetLanguage: lang,
		Skills: []string{"translation"}, Languages: []string{t.Language, lang}, EstimatedHours: hours, VolunteersWanted: 1,
		Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 72, Remote: true,
		Title:       l.T("toolkit.task.task_title", map[string]any{"Title": t.Title, "Language": l.Language(lang)}),
		Description: l.T("toolkit.task.task_description", map[string]any{"Link": t.Href()})}
	if _, ok := s.taxonomy.Skill("translation"); !ok {
		task.Skills = nil
	}
	if !slices.Contains(civhub.CourseLanguages, lang) {
		task.Languages = []string{t.Language}
	}
	if herr != nil {
		err = civhub.FieldError("hours", "err.whole_number", "Write a whole number.")
	} else {
		err = s.toolkits.CreateTranslationTask(r.Context(), task, t.ID, lang, requestInfoOf(r).viewer.ID)
		if e := asError(err); e != nil && e.Fields["estimated_hours"] != "" {
			e.Fields["hours"] = e.Fields["estimated_hours"]
		}
		if e := asError(err); e != nil && e.Fields["target_language"] != "" {
			e.Fields["language"] = e.Fields["target_language"]
		}
	}
	if err != nil {
		p, perr := s.taskPageFor(r, t, lang, need)
		if perr != nil {
			return perr
		}
		p.Form.Values = formValues(r, "hours")
		return s.renderForm(w, r, err, "toolkit_task", &p.authPage, p)
	}
	return s.redirectWith(w, r, "/tasks/"+strconv.FormatInt(task.ID, 10), "toolkit.task.done")
}

// taskWorkPage is the translation written for a task: the volunteer's editor, or what the
// volunteers wrote for the organization's managers.
type taskWorkPage struct {
	toolkitFormPage
	Source  *civhub.Toolkit
	Target  *civhub.Toolkit // the translation as it is, if it exists
	Mine    *civhub.Assignment
	CanSave bool
	Works   []taskWork // for the managers
}

// taskWork is one volunteer's translation, as saved.
type taskWork struct {
	Assignment *civhub.Assignment
	Revision   *civhub.Revision
}

// loadTaskWork reads the task of the path with its toolkit work, as the viewer may see it.
func (s *toolkits) loadTaskWork(r *http.Request) (*civhub.PlacedTask, *civhub.ToolkitTask, error) {
	if _, err := requireViewer(r); err != nil {
		return nil, nil, err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	x, err := s.work.loadTask(r.Context(), actorOf(r), id)
	if err != nil {
		return nil, nil, err
	}
	tt, err := s.toolkits.TaskToolkit(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	if tt == nil {
		return nil, nil, errToolkitNotFound
	}
	return x, tt, nil
}

func (s *toolkits) taskWorkPageFor(r *http.Request, x *civhub.PlacedTask, tt *civhub.ToolkitTask) (*taskWorkPage, error) {
	ctx, a := r.Context(), actorOf(r)
	src, err := s.toolkits.FindToolkitByID(ctx, tt.ToolkitID)
	if err != nil {
		return nil, err
	}
	p := &taskWorkPage{Source: src}
	p.toolkitFormPage = *s.formPage(r, nil, "toolkit.work.title")
	p.Task, p.Action, p.Translation, p.SourceTitle = x.Task, "/tasks/"+strconv.FormatInt(x.Task.ID, 10)+"/toolkit", true, src.Title
	p.Title = x.Task.Title
	if target, err := s.toolkits.FindToolkit(ctx, src.Slug, tt.Language); err == nil {
		p.Target = target
	} else if civhub.ErrorCode(err) != civhub.ENOTFOUND {
		return nil, err
	}
	mine, err := s.workflow.VolunteerAssignment(ctx, x.Task.ID, a.ID())
	switch {
	case err == nil:
		p.Mine = mine
		_, terr := civhub.Transition(mine.Status, civhub.ActSubmit)
		p.CanSave = terr == nil
	case civhub.ErrorCode(err) != civhub.ENOTFOUND:
		return nil, err
	}
	if a.CanManageNeeds(x.Org) {
		list, err := s.workflow.Assignments(ctx, x.Task.ID)
		if err != nil {
			return nil, err
		}
		for _, asg := range list {
			rev, err := s.toolkits.TaskWork(ctx, asg.ID)
			if err != nil {
				return nil, err
			}
			if rev != nil {
				p.Works = append(p.Works, taskWork{Assignment: asg, Revision: rev})
			}
		}
	}
	if p.Mine == nil && !a.CanManageNeeds(x.Org) {
		return nil, civhub.E(civhub.EFORBIDDEN, "err.toolkit_work_volunteers", "Only the volunteers on this task and its organization see its translation.")
	}
	// What the editor starts from: the work saved, else the translation as it is, else the source.
	start := &civhub.Revision{Title: src.Title, Summary: src.Summary, Pages: src.Pages}
	if p.Target != nil && p.Target.Published() {
		start = &civhub.Revision{Title: p.Target.Title, Summary: p.Target.Summary, Pages: p.Target.Pages}
	}
	if p.Mine != nil {
		saved, err := s.toolkits.TaskWork(ctx, p.Mine.ID)
		if err != nil {
			return nil, err
		}
		if saved != nil {
			start, p.Saved = saved, true
		}
	}
	p.Slots = slots(max(len(start.Pages), len(src.Pages))+1, src.Pages)
	p.Form.Values = revisionValues(start)
	return p, nil
}

func (s *toolkits) taskWork(w http.ResponseWriter, r *http.Request) error {
	x, tt, err := s.loadTaskWork(r)
	if err != nil {
		return err
	}
	p, err := s.taskWorkPageFor(r, x, tt)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "toolkit_work", p)
}

func (s *toolkits) saveTaskWork(w http.ResponseWriter, r *http.Request) error {
	x, tt, err := s.loadTaskWork(r)
	if err != nil {
		return err
	}
	if err := s.parseLongForm(w, r); err != nil {
		return err
	}
	v := requestInfoOf(r).viewer
	mine, err := s.workflow.VolunteerAssignment(r.Context(), x.Task.ID, v.ID)
	if err != nil {
		return err
	}
	rev, numbers := readRevision(r)
	err = s.toolkits.SaveTaskWork(r.Context(), mine.ID, rev, v.ID)
	handIn := r.PostFormValue("hand_in") == "yes"
	if err == nil && handIn {
		l := requestInfoOf(r).locale
		_, err = s.workflow.Act(r.Context(), civhub.ActRequest{Action: civhub.ActSubmit, AssignmentID: mine.ID, By: v.ID,
			Message: l.T("toolkit.work.deliverable", map[string]any{"Link": "/tasks/" + strconv.FormatInt(x.Task.ID, 10) + "/toolkit"})})
	}
	if err != nil {
		p, perr := s.taskWorkPageFor(r, x, tt)
		if perr != nil {
			return perr
		}
		var n int
		n, p.Form.Values = postedSlots(r)
		p.Slots = slots(n, p.Source.Pages)
		return s.renderForm(w, r, renumber(err, numbers), "toolkit_work", &p.authPage, p)
	}
	if handIn {
		return s.redirectWith(w, r, "/tasks/"+strconv.FormatInt(x.Task.ID, 10), "toolkit.work.handed_in")
	}
	return s.redirectWith(w, r, "/tasks/"+strconv.FormatInt(x.Task.ID, 10)+"/toolkit", "toolkit.work.saved")
}

// toolkitQueuePage lists the edits waiting for a moderator.
type toolkitQueuePage struct {
	authPage
	Items []queuedEdit
}

// queuedEdit is a pending revision with its toolkit and the revision it would replace.
type queuedEdit struct {
	Revision *civhub.Revision
	Toolkit  *civhub.Toolkit
	Current  int // the number of the toolkit's current revision, to compare with; 0 for a new toolkit
}

func (s *toolkits) queue(w http.ResponseWriter, r *http.Request) error {
	if err := requireModerator(r); err != nil {
		return err
	}
	revs, kits, err := s.toolkits.Pending(r.Context(), 200)
	if err != nil {
		return err
	}
	p := &toolkitQueuePage{authPage: *s.authPage(r, "toolkit.queue.title")}
	p.Nav = "admin"
	for i, rev := range revs {
		item := queuedEdit{Revision: rev, Toolkit: kits[i]}
		if kits[i].CurrentRev != 0 {
			history, err := s.toolkits.Revisions(r.Context(), kits[i].ID, false)
			if err != nil {
				return err
			}
			for _, h := range history {
				if h.ID == kits[i].CurrentRev {
					item.Current = h.Number
				}
			}
		}
		p.Items = append(p.Items, item)
	}
	return s.render(w, r, http.StatusOK, "toolkit_queue", p)
}

func (s *toolkits) review(w http.ResponseWriter, r *http.Request) error {
	if err := requireModerator(r); err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.toolkits.Review(r.Context(), id, r.PostFormValue("decision"), requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/admin/toolkits", "toolkit.queue.done")
}

func (s *toolkits) undoPerson(w http.ResponseWriter, r *http.Request) error {
	if err := requireModerator(r); err != nil {
		return err
	}
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.toolkits.UndoPerson(r.Context(), personParam(r), requestInfoOf(r).viewer.ID); err != nil {
		return err
	}
	return s.redirectWith(w, r, "/admin/toolkits", "toolkit.queue.undone")
}
