package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed templates
var templateFS embed.FS

// templateFuncs are the few helpers templates need beyond the page structs' own methods.
var templateFuncs = template.FuncMap{
	// hoursMinutes splits minutes into the H and M of the message "hours.amount".
	"hoursMinutes": func(minutes int) map[string]any { return map[string]any{"H": minutes / 60, "M": minutes % 60} },
	// kilobytes is a file's size in kilobytes, at least 1, for Locale.Number.
	"kilobytes": func(size int64) int64 { return max(1, (size+1023)/1024) },
	// int64 widens a count for Locale.Number.
	"int64": func(n int) int64 { return int64(n) },
	// now is the moment the page is made, for dates such as a certificate's.
	"now": func() time.Time { return time.Now() },
	// isolate keeps a left-to-right fragment such as a version number or an address whole inside
	// right-to-left text, with the Unicode first-strong isolate marks.
	"isolate": func(s string) string { return "\u2068" + s + "\u2069" },
	// excerpt is the first n characters of s, on one line, with an ellipsis when it was cut.
	"excerpt": excerpt,
	// markdown renders what people wrote in Markdown, sanitized.
	"markdown": func(s string) template.HTML { return markdown(s) },
	// lesson renders a lesson's Markdown, sanitized, with only the images of the course at href:
	// text first, for slow phones, and nothing fetched from elsewhere.
	"lesson": func(s, href string) template.HTML { return lessonMarkdown(s, href) },
	// toolkitPage renders a toolkit's page, with the images attached to the toolkit at href.
	"toolkitPage": func(s, href string) template.HTML { return toolkitPageMarkdown(s, href) },
	// args builds the data of a translated message from name, value pairs:
	// {{.L.T "footer.version" (args "Version" .Version)}}.
	"args": func(pairs ...any) (map[string]any, error) {
		if len(pairs)%2 != 0 {
			return nil, fmt.Errorf("args: odd number of arguments")
		}
		m := make(map[string]any, len(pairs)/2)
		for i := 0; i < len(pairs); i += 2 {
			k, ok := pairs[i].(string)
			if !ok {
				return nil, fmt.Errorf("args: name %v is not a string", pairs[i])
			}
			m[k] = pairs[i+1]
		}
		return m, nil
	},
}

// templates holds one parsed template set per page: the shared layout plus the page's own file.
type templates struct {
	pages map[string]*template.Template

	// executed, when set (by tests), hears the name of every page rendered.
	executed func(name string)
}

// parseTemplates returns the pages, parsed once per program: parsed templates are read-only and
// safe to execute from many goroutines, so every server in a program (tests start hundreds) shares
// one set, and only its executed hook is its own.
func parseTemplates() (*templates, error) {
	pages, err := parsedPages()
	if err != nil {
		return nil, err
	}
	return &templates{pages: pages}, nil
}

var parsedPages = sync.OnceValues(parsePages)

// parsePages parses the layout and, for each page, a copy of it with the page's own file.
func parsePages() (map[string]*template.Template, error) {
	layout, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/*/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		clone, err := layout.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := clone.ParseFS(templateFS, f); err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		pages[strings.TrimSuffix(path.Base(f), ".html")] = clone
	}
	return pages, nil
}

// names lists the pages, for the test that renders every template.
func (t *templates) names() []string {
	var names []string
	for n := range t.pages {
		names = append(names, n)
	}
	return names
}

// executeAlone runs the template named define of page name by itself, without the layout: a
// document of its own, such as a course's offline file.
func (t *templates) executeAlone(buf *bytes.Buffer, name, define string, data any) error {
	tmpl, ok := t.pages[name]
	if !ok {
		return fmt.Errorf("templates: no page %q", name)
	}
	if t.executed != nil {
		t.executed(name)
	}
	return tmpl.ExecuteTemplate(buf, define, data)
}

func (t *templates) execute(buf *bytes.Buffer, name string, data any) error {
	tmpl, ok := t.pages[name]
	if !ok {
		return fmt.Errorf("templates: no page %q", name)
	}
	if t.executed != nil {
		t.executed(name)
	}
	return tmpl.ExecuteTemplate(buf, "layout.html", data)
}

// render writes the page name with status. It renders into a buffer first, so that a template error
// becomes a clean error page instead of half a page.
func (s *kit) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	var buf bytes.Buffer
	if err := s.templates.execute(&buf, name, data); err != nil {
		if name == "error" {
			// The error page itself failed: say so plainly rather than recurse.
			s.logger.Error("error page failed", "request_id", requestInfoOf(r).id, "err", err)
			http.Error(w, "Internal error.", http.StatusInternalServerError)
			return nil
		}
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if c := requestInfoOf(r).formCookie; c != nil {
		http.SetCookie(w, c)
	}
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// excerpt is the first n characters of s with its white space made single spaces, and an
// ellipsis when it was cut.
func excerpt(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}
