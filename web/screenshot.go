package web

import (
	"net/http"
	"strconv"
	"strings"

	"civhub"
	"civhub/upload"
)

// Sizes of a project's screenshots: as uploaded, at most this wide or high, and the small one
// the team's page shows (which links to the large one), light on a slow connection.
const (
	screenshotSize      = 1600
	screenshotSmallSize = 480
)

// addScreenshot adds a screenshot to the team's project, with the words that describe it.
func (s *hackathons) addScreenshot(w http.ResponseWriter, r *http.Request) error {
	e, mine, t, err := s.teamActionWith(w, r, true, func(w http.ResponseWriter, r *http.Request) error {
		return s.parseMultipartForm(w, r, upload.MaxImageBytes)
	})
	if err != nil {
		return err
	}
	var sizes [][]byte
	f, _, ferr := r.FormFile("screenshot")
	if ferr != nil {
		err = civhub.FieldError("screenshot", "err.image_invalid", "Upload a PNG, JPEG or GIF image of at most 2 MB.")
	} else {
		defer f.Close()
		sizes, err = upload.ImageSizes(f, screenshotSize, screenshotSmallSize)
		err = renameField(err, "logo", "screenshot") // upload names the field of a logo
	}
	if err == nil {
		_, err = s.hack.AddScreenshot(r.Context(), t.ID, sizes[0], sizes[1], r.PostFormValue("alt"), requestInfoOf(r).viewer.ID)
	}
	if err != nil {
		return s.teamFailed(w, r, e, mine, t, err, "alt")
	}
	return s.redirectWith(w, r, s.teamPath(e, t)+"#shots-h", "team.screenshot.added")
}

// removeScreenshot takes a screenshot off the team's project.
func (s *hackathons) removeScreenshot(w http.ResponseWriter, r *http.Request) error {
	e, mine, t, err := s.teamAction(w, r, true)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("shot"), 10, 64)
	if err := s.hack.RemoveScreenshot(r.Context(), t.ID, id, requestInfoOf(r).viewer.ID); err != nil {
		return s.teamFailed(w, r, e, mine, t, err)
	}
	return s.redirectWith(w, r, s.teamPath(e, t)+"#shots-h", "team.screenshot.removed")
}

// screenshot sends a screenshot of a project to those who may see the project: "ID.png" for the
// large one, "ID-small.png" for the small one.
func (s *hackathons) screenshot(w http.ResponseWriter, r *http.Request) error {
	e, _, err := s.hackathonEvent(r)
	if err != nil {
		return err
	}
	p, err := s.projectOf(r, e)
	if err != nil {
		return err
	}
	role := ""
	if a := actorOf(r); a.SignedIn() && p.SubmittedAt == nil {
		t, err := s.hack.FindTeam(r.Context(), p.TeamID)
		if err != nil {
			return err
		}
		role = t.RoleOf(a.ID())
	}
	if !actorOf(r).CanSeeProject(e, p, role) {
		return errNoFile
	}
	name, ok := strings.CutSuffix(r.PathValue("file"), ".png")
	name, small := strings.CutSuffix(name, "-small")
	id, perr := strconv.ParseInt(name, 10, 64)
	if !ok || perr != nil {
		return errNoFile
	}
	data, err := s.hack.ScreenshotImage(r.Context(), p.ID, id, small)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("Cache-Control", "private, max-age=3600")
	_, err = w.Write(data)
	return err
}

var errNoFile = civhub.E(civhub.ENOTFOUND, "err.no_file", "There is no such file.")

// renameField returns a copy of a field error with its message moved from one field to another,
// for checks that name a field other than the form's. The error itself is left alone: it is often
// a package's shared value, and changing it would move the message for every later form too.
func renameField(err error, from, to string) error {
	e := asError(err)
	if e == nil || e.Fields[from] == "" {
		return err
	}
	c := *e
	c.Fields = map[string]string{to: e.Fields[from]}
	return &c
}
