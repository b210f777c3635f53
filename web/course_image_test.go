package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	"civhub"
	"civhub/sqldb"
)

// TestCourseImages: a trainer's image shows in the lesson that names it, lazily, is served to
// anyone who may read the course (and its translations), and is inlined in the offline file, which
// then names nothing on civhub.
func TestCourseImages(t *testing.T) {
	f := newFixture(t, sqldb.SQLite)
	ctx := context.Background()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{200, 0, 0, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	courses := f.s.learning.courses
	c, err := courses.FindCourse(ctx, "safe-accounts", "en")
	if err != nil {
		t.Fatal(err)
	}
	trainer := f.people[other].ID
	id, err := courses.AddImage(ctx, c.ID, buf.Bytes(), trainer)
	if err != nil {
		t.Fatal(err)
	}
	lesson := *c.Lessons[0]
	lesson.Body = fmt.Sprintf("One password per account.\n\n![A password manager](images/%d)\n\n![Tracker](https://evil.example/p.png)", id)
	if err := courses.SaveLesson(ctx, c.ID, &lesson, trainer); err != nil {
		t.Fatal(err)
	}
	src := fmt.Sprintf(`<img loading="lazy" src="/courses/safe-accounts/en/images/%d" alt="A password manager"`, id)
	resp := f.do(anon, http.MethodGet, "/courses/safe-accounts/en/lessons/1", nil)
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), src) || strings.Contains(string(body), "evil.example") {
		t.Fatalf("the lesson: %s", body)
	}
	resp = f.do(anon, http.MethodGet, fmt.Sprintf("/courses/safe-accounts/en/images/%d", id), nil)
	if data, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || !bytes.Equal(data, buf.Bytes()) {
		t.Fatalf("the image: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp = f.do(anon, http.MethodGet, fmt.Sprintf("/courses/draft-course/en/images/%d", id), nil)
	if resp.StatusCode != 404 {
		t.Fatalf("the image through a draft it does not belong to: %d", resp.StatusCode)
	}
	fr, err := courses.TranslateCourse(ctx, c.ID, "fr", trainer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := courses.Image(ctx, fr.ID, id); err != nil {
		t.Fatalf("the translation shares the original's images: %v", err)
	}
	resp = f.do(anon, http.MethodGet, "/courses/safe-accounts/en/offline", nil)
	body, _ = io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `src="data:image/png;base64,`) || strings.Contains(string(body), "/images/") ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "img-src data:") {
		t.Fatalf("the offline file: %s", body)
	}
	for i := 1; i < civhub.MaxCourseImages; i++ {
		if _, err := courses.AddImage(ctx, c.ID, buf.Bytes(), trainer); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := courses.AddImage(ctx, c.ID, buf.Bytes(), trainer); civhub.ErrorCode(err) != civhub.ECONFLICT {
		t.Fatalf("an image past the limit: %v", err)
	}
}
