package civhub_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"civhub"
)

func TestParseSMSCommand(t *testing.T) {
	for _, c := range []struct {
		body string
		want civhub.SMSCommand
		lang string
	}{
		{"TAKE 12", civhub.SMSCommand{Verb: civhub.SMSTake, Task: 12}, "en"},
		{"  prendre #12. ", civhub.SMSCommand{Verb: civhub.SMSTake, Task: 12}, "fr"},
		{"Tomar 7", civhub.SMSCommand{Verb: civhub.SMSTake, Task: 7}, "es"},
		{"خذ ١٢", civhub.SMSCommand{Verb: civhub.SMSTake, Task: 12}, "ar"},
		{"نعم ۳", civhub.SMSCommand{Verb: civhub.SMSTake, Task: 3}, "ar"},
		{"«خذ 12»", civhub.SMSCommand{Verb: civhub.SMSTake, Task: 12}, "ar"},
		{"\"TAKE\" (12)", civhub.SMSCommand{Verb: civhub.SMSTake, Task: 12}, "en"},
		{"Oui", civhub.SMSCommand{Verb: civhub.SMSTake}, "fr"},
		{"Sí 4", civhub.SMSCommand{Verb: civhub.SMSTake, Task: 4}, "es"},
		{"done 12", civhub.SMSCommand{Verb: civhub.SMSDone, Task: 12}, "en"},
		{"FAIT 9", civhub.SMSCommand{Verb: civhub.SMSDone, Task: 9}, "fr"},
		{"no 5", civhub.SMSCommand{Verb: civhub.SMSDecline, Task: 5}, ""},
		{"Arrêt", civhub.SMSCommand{Verb: civhub.SMSStop}, "fr"},
		{"ALTO", civhub.SMSCommand{Verb: civhub.SMSStop}, "es"},
		{"توقف", civhub.SMSCommand{Verb: civhub.SMSStop}, "ar"},
		{"start", civhub.SMSCommand{Verb: civhub.SMSStart}, "en"},
		{"Aide", civhub.SMSCommand{Verb: civhub.SMSHelp}, "fr"},
		{"?", civhub.SMSCommand{Verb: civhub.SMSHelp}, ""},
		{"tâches", civhub.SMSCommand{Verb: civhub.SMSTasks}, "fr"},
		{"NEED translation FR>AR 3h brochure", civhub.SMSCommand{Verb: civhub.SMSNeed, Rest: "translation FR>AR 3h brochure"}, "en"},
		{"take twelve", civhub.SMSCommand{Verb: civhub.SMSTake}, "en"},
		{"take -3", civhub.SMSCommand{Verb: civhub.SMSTake}, "en"},
		{"take 99999999999999999999999", civhub.SMSCommand{Verb: civhub.SMSTake}, "en"},
		{"Hello, is this the shelter?", civhub.SMSCommand{}, ""},
		{"", civhub.SMSCommand{}, ""},
	} {
		if got := civhub.ParseSMSCommand(c.body); got != c.want {
			t.Errorf("ParseSMSCommand(%q) = %+v, want %+v", c.body, got, c.want)
		}
		if c.want.Verb != "" {
			if got := civhub.SMSLanguage(c.body); got != c.lang {
				t.Errorf("SMSLanguage(%q) = %q, want %q", c.body, got, c.lang)
			}
		}
	}
}

// FuzzParseSMSCommand: whatever arrives, the parser returns a known verb or none, a task number
// only for the verbs that take one, and never panics.
func FuzzParseSMSCommand(f *testing.F) {
	for _, s := range []string{"TAKE 12", "خذ ١٢", "NEED translation FR>AR 3h", "Arrêt", "\xff\xfe", "take #", "?"} {
		f.Add(s)
	}
	verbs := map[string]bool{"": true, civhub.SMSHelp: true, civhub.SMSStop: true, civhub.SMSStart: true, civhub.SMSTasks: true,
		civhub.SMSTake: true, civhub.SMSDone: true, civhub.SMSDecline: true, civhub.SMSNeed: true}
	f.Fuzz(func(t *testing.T, body string) {
		c := civhub.ParseSMSCommand(body)
		if !verbs[c.Verb] {
			t.Fatalf("unknown verb %q from %q", c.Verb, body)
		}
		if c.Task < 0 || (c.Task > 0 && c.Verb != civhub.SMSTake && c.Verb != civhub.SMSDone && c.Verb != civhub.SMSDecline) {
			t.Fatalf("task %d for %q from %q", c.Task, c.Verb, body)
		}
		if c.Rest != "" && (c.Verb != civhub.SMSNeed || !strings.Contains(body, c.Rest) || utf8.ValidString(body) && !utf8.ValidString(c.Rest)) {
			t.Fatalf("rest %q for %q from %q", c.Rest, c.Verb, body)
		}
		_ = civhub.SMSLanguage(body)
		n := civhub.ParseSMSNeed(body)
		if n.Hours < 0 || n.Hours > 500 || (n.Title != "" && !utf8.ValidString(n.Title) && utf8.ValidString(body)) {
			t.Fatalf("need %+v from %q", n, body)
		}
	})
}

func TestParseSMSNeed(t *testing.T) {
	for _, c := range []struct {
		rest string
		want civhub.NeedBySMS
	}{
		{"translation FR>AR 3h brochure", civhub.NeedBySMS{Type: civhub.TaskTranslation, Source: "fr", Target: "ar", Hours: 3, Title: "brochure"}},
		{"translation 3h ok", civhub.NeedBySMS{Type: civhub.TaskTranslation, Hours: 3}}, // too few words for a title
		{"translation FR>AR 3h health brochure", civhub.NeedBySMS{Type: civhub.TaskTranslation, Source: "fr", Target: "ar", Hours: 3, Title: "health brochure"}},
		{"traduction fr>ar ٤h affiche sur l'eau", civhub.NeedBySMS{Type: civhub.TaskTranslation, Source: "fr", Target: "ar", Hours: 4, Title: "affiche sur l'eau"}},
		{"carte 2H refugios del cerro", civhub.NeedBySMS{Type: "mapping", Hours: 2, Title: "refugios del cerro"}},
		{"someone to fix our website", civhub.NeedBySMS{Type: "other_work", Title: "someone to fix our website"}},
		{"", civhub.NeedBySMS{Type: "other_work"}},
	} {
		if got := civhub.ParseSMSNeed(c.rest); got != c.want {
			t.Errorf("ParseSMSNeed(%q) = %+v, want %+v", c.rest, got, c.want)
		}
	}
}
