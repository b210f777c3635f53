package civhub

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The text-message commands: a volunteer or an organization on a basic phone answers an alert,
// lists tasks, takes one, says it is done or declines it, and stops or resumes messages, with a
// word in any of civhub's four languages and, for a task, its number.

// SMS command verbs.
const (
	SMSHelp    = "help"
	SMSStop    = "stop"
	SMSStart   = "start"
	SMSTasks   = "tasks"
	SMSTake    = "take"
	SMSDone    = "done"
	SMSDecline = "decline"
	SMSNeed    = "need"
)

// smsWords are the words of each verb, in English, French, Spanish and Arabic, as they are matched:
// upper case, without accents.
var smsWords = map[string][]string{
	SMSHelp:    {"HELP", "AIDE", "AYUDA", "مساعدة", "?"},
	SMSStop:    {"STOP", "ARRET", "ALTO", "توقف", "UNSUBSCRIBE", "STOPALL"},
	SMSStart:   {"START", "REPRENDRE", "INICIAR", "ابدأ", "ابدا", "UNSTOP"},
	SMSTasks:   {"TASKS", "TACHES", "TAREAS", "مهام"},
	SMSTake:    {"TAKE", "PRENDRE", "TOMAR", "خذ", "YES", "OUI", "SI", "نعم"},
	SMSDone:    {"DONE", "FAIT", "HECHO", "تم"},
	SMSDecline: {"DECLINE", "REFUSER", "RECHAZAR", "اعتذر", "NO", "NON"},
	SMSNeed:    {"NEED", "BESOIN", "NECESITO", "حاجة"},
}

// smsMarks are the marks around a command's word or number that do not matter: punctuation, and
// the quotation marks a reply's "send «خذ 12»" may lead someone to copy.
const smsMarks = ".!¡¿#«»\"'“”‘’()"

// SMSCommand is a text message read as a command.
type SMSCommand struct {
	Verb string // one of the verbs; "" when the message is none
	Task int64  // the task a take, done or decline names; 0 for none
	Rest string // what follows the verb, for need
}

// ParseSMSCommand reads a text message: a verb's word, then for take, done and decline a task's
// number (in Western or Arabic-Indic digits, with or without a #), and for need the rest of the
// message. Case, accents, spaces and punctuation around the words do not matter. A message that
// is no command gives the zero SMSCommand.
func ParseSMSCommand(body string) SMSCommand {
	fields := strings.FieldsFunc(body, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' || r == ':' })
	if len(fields) == 0 || len(body) > 2000 {
		return SMSCommand{}
	}
	word := smsFold(strings.Trim(fields[0], smsMarks))
	verb := ""
	for v, words := range smsWords {
		for _, w := range words {
			if word == w {
				verb = v
			}
		}
	}
	if verb == "" {
		return SMSCommand{}
	}
	c := SMSCommand{Verb: verb}
	switch verb {
	case SMSTake, SMSDone, SMSDecline:
		if len(fields) > 1 {
			if n, err := strconv.ParseInt(smsDigits(strings.Trim(fields[1], smsMarks)), 10, 64); err == nil && n > 0 {
				c.Task = n
			}
		}
	case SMSNeed:
		_, rest, _ := strings.Cut(strings.TrimSpace(body), fields[0])
		c.Rest = strings.TrimSpace(rest)
	}
	return c
}

// smsFold is a word in upper case without the accents of French and Spanish.
func smsFold(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case 'É', 'È', 'Ê', 'Ë':
			return 'E'
		case 'À', 'Â', 'Á':
			return 'A'
		case 'Î', 'Ï', 'Í':
			return 'I'
		case 'Ô', 'Ó':
			return 'O'
		case 'Û', 'Ù', 'Ú', 'Ü':
			return 'U'
		case 'Ç':
			return 'C'
		}
		return r
	}, strings.ToUpper(s))
}

// smsDigits turns Arabic-Indic and Eastern Arabic-Indic digits into Western ones.
func smsDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		}
		return r
	}, s)
}

// SMSLanguage guesses the language of a command's word, for answering a number civhub does not
// know in the language it wrote in; "" when the word is the same in several.
func SMSLanguage(body string) string {
	fields := strings.Fields(body)
	if len(fields) == 0 {
		return ""
	}
	word := smsFold(strings.Trim(fields[0], smsMarks))
	for _, r := range word {
		if unicode.Is(unicode.Arabic, r) {
			return "ar"
		}
	}
	switch word {
	case "AIDE", "ARRET", "REPRENDRE", "TACHES", "PRENDRE", "OUI", "FAIT", "REFUSER", "NON", "BESOIN":
		return "fr"
	case "AYUDA", "ALTO", "INICIAR", "TAREAS", "TOMAR", "SI", "HECHO", "RECHAZAR", "NECESITO":
		return "es"
	case "HELP", "STOP", "START", "TASKS", "TAKE", "YES", "DONE", "DECLINE", "NEED":
		return "en"
	}
	return ""
}

// NeedBySMS is what a NEED message asks for: "NEED translation FR>AR 3h health brochure".
type NeedBySMS struct {
	Type           string // a task type; other_work when the first word names none
	Source, Target string // a language pair, for a translation
	Hours          int    // 0 when not given
	Title          string // the words that are left; "" when there are too few
}

// smsTaskWords name task types in the four languages.
var smsTaskWords = map[string][]string{
	TaskTranslation: {"TRANSLATION", "TRANSLATE", "TRADUCTION", "TRADUCIR", "TRADUCCION", "ترجمة"},
	"mapping":       {"MAPPING", "MAP", "CARTOGRAPHIE", "CARTE", "MAPA", "MAPEO", "خريطة", "خرائط"},
	"data_entry":    {"DATA", "SAISIE", "DATOS", "بيانات"},
	"research":      {"RESEARCH", "RECHERCHE", "INVESTIGACION", "بحث"},
	"design":        {"DESIGN", "DISENO", "تصميم"},
	"writing":       {"WRITING", "REDACTION", "REDACCION", "كتابة"},
}

// ParseSMSNeed reads the words after NEED: the kind of work, then in any order a language pair
// (FR>AR) and hours (3h), and the rest as the title.
func ParseSMSNeed(rest string) NeedBySMS {
	n := NeedBySMS{Type: "other_work"}
	var words []string
	for i, w := range strings.Fields(rest) {
		folded := smsFold(strings.Trim(w, smsMarks))
		if i == 0 {
			found := false
			for typ, names := range smsTaskWords {
				for _, name := range names {
					if folded == name {
						n.Type, found = typ, true
					}
				}
			}
			if found {
				continue
			}
		}
		if from, to, ok := strings.Cut(folded, ">"); ok && isLanguage(strings.ToLower(from)) && isLanguage(strings.ToLower(to)) && n.Source == "" {
			n.Source, n.Target = strings.ToLower(from), strings.ToLower(to)
			continue
		}
		if h, ok := strings.CutSuffix(smsDigits(folded), "H"); ok && n.Hours == 0 {
			if v, err := strconv.Atoi(h); err == nil && v > 0 && v <= 500 {
				n.Hours = v
				continue
			}
		}
		words = append(words, w)
	}
	n.Title = strings.Join(words, " ")
	if utf8.RuneCountInString(n.Title) < 5 || utf8.RuneCountInString(n.Title) > 140 {
		n.Title = ""
	}
	return n
}
