// Package curriculum is civhub's starting curriculum: short digital-literacy courses written for
// this project, each in the four languages, kept as text files that translators can edit, and the
// way they are read and installed into a civhub.
//
// A course file is named slug.language.md. It starts with a header between two "---" lines (title,
// summary, level, minutes, pass_mark), then its lessons: each begins with a "# " title line, and its
// Markdown follows. A lesson ends with its quiz questions, if it has any:
//
//	? single: The question
//	- a wrong choice
//	* the right choice
//	> the explanation shown after a try
//
// "? multiple:" marks every right choice with "*"; "? short:" lists its accepted answers, one a
// line, each after "= ".
package curriculum

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"civhub"
)

//go:embed courses/*.md
var files embed.FS

// Parse reads one course file; name is its file name, which gives the course's slug and language.
func Parse(name string, src []byte) (*civhub.Course, error) {
	slug, lang, ok := strings.Cut(strings.TrimSuffix(path.Base(name), ".md"), ".")
	if !ok || slug == "" || lang == "" {
		return nil, fmt.Errorf("%s: a course file is named slug.language.md", name)
	}
	c := &civhub.Course{Slug: slug, Language: lang, Licence: civhub.DefaultLicence}
	fail := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var lesson *civhub.Lesson
	var q *civhub.Question
	var body []string
	header := 0 // 0: before the header, 1: in it, 2: past it
	endLesson := func() {
		if lesson != nil {
			lesson.Body = strings.TrimSpace(strings.Join(body, "\n"))
		}
		body = nil
	}
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t\r")
		switch {
		case header < 2 && line == "---":
			header++
		case header == 1:
			key, value, ok := strings.Cut(line, ": ")
			if !ok {
				return nil, fail(n, "a header line is key: value")
			}
			if err := setField(c, key, strings.TrimSpace(value)); err != nil {
				return nil, fail(n, "%v", err)
			}
		case header == 0:
			if line != "" {
				return nil, fail(n, "a course file starts with its header, between --- lines")
			}
		case strings.HasPrefix(line, "# "):
			endLesson()
			q = nil
			lesson = &civhub.Lesson{Position: len(c.Lessons) + 1, Title: strings.TrimSpace(line[2:])}
			c.Lessons = append(c.Lessons, lesson)
		case lesson == nil:
			if line != "" {
				return nil, fail(n, "text before the first lesson")
			}
		case strings.HasPrefix(line, "? "):
			if q == nil {
				endLesson()
			}
			kind, prompt, ok := strings.Cut(line[2:], ": ")
			if !ok || !slices.Contains(civhub.QuestionKinds, kind) {
				return nil, fail(n, "a question starts with ? single:, ? multiple: or ? short:")
			}
			q = &civhub.Question{Kind: kind, Prompt: strings.TrimSpace(prompt), Position: len(lesson.Questions) + 1}
			lesson.Questions = append(lesson.Questions, q)
		case q != nil:
			switch {
			case line == "":
			case strings.HasPrefix(line, "- "), strings.HasPrefix(line, "* "):
				if line[0] == '*' {
					q.Correct = append(q.Correct, len(q.Choices))
				}
				q.Choices = append(q.Choices, strings.TrimSpace(line[2:]))
			case strings.HasPrefix(line, "= "):
				q.Accepted = append(q.Accepted, strings.TrimSpace(line[2:]))
			case strings.HasPrefix(line, "> "):
				q.Explanation = strings.TrimSpace(q.Explanation + " " + strings.TrimSpace(line[2:]))
			default:
				return nil, fail(n, "a question's lines start with -, *, = or >")
			}
		default:
			body = append(body, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if q == nil {
		endLesson()
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, l := range c.Lessons {
		if err := l.Validate(); err != nil {
			return nil, fmt.Errorf("%s: lesson %q: %w", name, l.Title, err)
		}
		for _, q := range l.Questions {
			if err := q.Validate(); err != nil {
				return nil, fmt.Errorf("%s: question %q: %w", name, q.Prompt, err)
			}
		}
	}
	if c.Questions() == 0 {
		return nil, fmt.Errorf("%s: a course has a quiz", name)
	}
	return c, nil
}

// setField sets the header field key of c.
func setField(c *civhub.Course, key, value string) error {
	number := func(to *int) error {
		n, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("%s: %q is not a whole number", key, value)
		}
		*to = n
		return nil
	}
	switch key {
	case "title":
		c.Title = value
	case "summary":
		c.Summary = value
	case "level":
		c.Level = value
	case "licence":
		c.Licence = value
	case "minutes":
		return number(&c.Minutes)
	case "pass_mark":
		return number(&c.PassMark)
	default:
		return fmt.Errorf("unknown header field %q", key)
	}
	return nil
}

// Courses reads the whole curriculum: for each course, its English original first, then its
// translations.
func Courses() ([]*civhub.Course, error) {
	names, err := fs.Glob(files, "courses/*.md")
	if err != nil {
		return nil, err
	}
	var out []*civhub.Course
	for _, name := range names {
		src, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		c, err := Parse(name, src)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b *civhub.Course) int {
		if a.Slug != b.Slug {
			return strings.Compare(a.Slug, b.Slug)
		}
		if (a.Language == "en") != (b.Language == "en") {
			if a.Language == "en" {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Language, b.Language)
	})
	return out, nil
}

// Install adds the curriculum's courses that svc does not have yet, each in one transaction, written
// by author and published by publisher (a moderator). Translations are linked to their English
// original.
func Install(ctx context.Context, svc civhub.CourseService, author, publisher int64) (added int, err error) {
	list, err := Courses()
	if err != nil {
		return 0, err
	}
	originals := map[string]int64{}
	for _, c := range list {
		if have, err := svc.FindCourse(ctx, c.Slug, c.Language); err == nil {
			if c.Language == "en" {
				originals[c.Slug] = have.ID
			}
			continue
		} else if civhub.ErrorCode(err) != civhub.ENOTFOUND {
			return added, err
		}
		c.TranslationOf = originals[c.Slug]
		if err := svc.ImportCourse(ctx, c, author, publisher); err != nil {
			return added, fmt.Errorf("%s/%s: %w", c.Slug, c.Language, err)
		}
		if c.Language == "en" {
			originals[c.Slug] = c.ID
		}
		added++
	}
	return added, nil
}
