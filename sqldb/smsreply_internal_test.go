package sqldb

import (
	"strings"
	"testing"

	"civhub/i18n"
	"civhub/sms"
)

// TestRepliesFitOneSegment words the replies that name titles in every language, with titles far
// too long for a text message: each is cut until the reply fits one segment, or as far as the
// cuts go when the words around the title need more (Arabic is UCS-2: 70 characters a segment).
// English, French and Spanish replies always fit one; a short title is never cut.
func TestRepliesFitOneSegment(t *testing.T) {
	catalog, err := i18n.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	long := map[string]string{
		"en": "Translate the public-health brochure on cholera prevention for the shelters of the hills",
		"fr": "Traduire la brochure de santé publique sur la prévention du choléra pour les abris des collines",
		"es": "Traducir el folleto de salud pública sobre la prevención del cólera para los albergues de los cerros",
		"ar": "ترجمة نشرة الصحة العامة حول الوقاية من الكوليرا لمراكز الإيواء في القرى الجبلية المعزولة",
	}
	for _, locale := range []string{"en", "fr", "es", "ar"} {
		l := catalog.Locale(locale)
		word := func(key string, args map[string]any) string {
			data := map[string]any{"Link": "https://civhub.example.org/tasks/1234"}
			for k, v := range args {
				data[k] = v
			}
			return l.T(key, data)
		}
		title := long[locale]
		for _, c := range []struct {
			key  string
			args map[string]any
		}{
			{"sms.reply.taken", map[string]any{"Task": title, "N": int64(1234)}},
			{"sms.reply.need_posted", map[string]any{"Org": title, "N": int64(1234)}},
			{"sms.reply.need_posted_unverified", map[string]any{"Org": title, "N": int64(1234)}},
			{"sms.reply.tasks", map[string]any{"N": int64(1234), smsItems: []smsItem{{1234, title}, {1235, title}, {1236, title}}}},
		} {
			fitted := sms.Fit(func(cut sms.Cut) string { return word(c.key, cutTitles(c.args, cut)) })
			shortest := word(c.key, cutTitles(c.args, sms.Cuts[len(sms.Cuts)-1]))
			got, best := sms.Segments(sms.Plain(fitted)).Segments, sms.Segments(sms.Plain(shortest)).Segments
			if got > best || (locale != "ar" && got != 1) {
				t.Errorf("%s %s: %d segments, the cuts allow %d: %q", locale, c.key, got, best, sms.Plain(fitted))
			}
			if got > 1 && fitted == shortest && c.key != "sms.reply.tasks" {
				t.Errorf("%s %s: the title was cut to the shortest for nothing: %q", locale, c.key, fitted)
			}
			if locale == "ar" {
				t.Logf("%s %s: %d segments: %s", locale, c.key, got, fitted)
			}
			if !strings.Contains(fitted, "1234") {
				t.Errorf("%s %s lost the task's number: %q", locale, c.key, fitted)
			}
		}
		short := word("sms.reply.taken", cutTitles(map[string]any{"Task": "Map Arica", "N": int64(7)}, sms.Cuts[0]))
		if fitted := sms.Fit(func(cut sms.Cut) string {
			return word("sms.reply.taken", cutTitles(map[string]any{"Task": "Map Arica", "N": int64(7)}, cut))
		}); fitted != short || !strings.Contains(fitted, "Map Arica") {
			t.Errorf("%s: a short title was cut: %q", locale, fitted)
		}
	}
}
