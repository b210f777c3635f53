package demo

import (
	"context"
	"time"

	"civhub"
)

// demoTask is a task of the demo and the volunteers' steps on it.
type demoTask struct {
	task  civhub.Task
	steps []demoStep
}

// demoStep is a workflow step by a demo person (the volunteer joins; "org" steps are the owner's);
// with the action "hours", hours the volunteer logs and the organization confirms; with "say", a
// message in the task's conversation.
type demoStep struct {
	who     string // an email, or "org" for the organization's owner
	action  string
	message string
	minutes int
}

// demoNeed is a need of a demo organization with its tasks.
type demoNeed struct {
	org   string // slug
	owner string
	need  civhub.Need
	tasks []demoTask
}

func needs() []demoNeed {
	in := func(days int) *time.Time {
		t := time.Now().UTC().Add(time.Duration(days) * 24 * time.Hour).Truncate(time.Hour)
		return &t
	}
	task := func(title, typ string, hours, wanted int, mode string, mutate ...func(*civhub.Task)) civhub.Task {
		t := civhub.Task{Title: title, Description: title + ".", Type: typ, EstimatedHours: hours, VolunteersWanted: wanted,
			Urgency: civhub.UrgencyNormal, JoinMode: mode, ClaimHours: 72}
		for _, m := range mutate {
			m(&t)
		}
		return t
	}
	const priya, jean, lena, camila = "priya@demo.civhub.test", "jean@demo.civhub.test", "lena@demo.civhub.test", "camila@demo.civhub.test"
	return append([]demoNeed{
		{org: "valparaiso-preparado", owner: "diego@demo.civhub.test",
			need: civhub.Need{Title: "Mapa de albergues y rutas de evacuación", Remote: true, Status: civhub.NeedInProgress,
				Causes: []string{"sdg11", "sdg13"}, Languages: []string{"es"},
				Description: "Tenemos una lista en papel de 40 albergues en los cerros. Necesitamos digitalizarla, mapearla en OpenStreetMap y traducir la guía de evacuación para turistas."},
			tasks: []demoTask{
				{task: task("Digitalizar la lista de albergues", "data_entry", 3, 2, civhub.JoinClaim, func(t *civhub.Task) {
					t.Urgency, t.Deadline = civhub.UrgencyUrgent, in(5)
				}), steps: []demoStep{{who: priya, action: civhub.ActClaim}}},
				{task: task("Mapear los albergues en OpenStreetMap", "mapping", 6, 3, civhub.JoinClaim, func(t *civhub.Task) {
					t.Skills, t.Deadline = []string{"openstreetmap_editing", "mapping"}, in(14)
				}), steps: []demoStep{{who: camila, action: civhub.ActClaim}, {who: camila, action: civhub.ActSubmit,
					message: "Mapeé 32 de los 40 albergues: https://www.openstreetmap.org/ (etiqueta emergency=assembly_point). Faltan los de Playa Ancha."}}},
				{task: task("Traducir la guía de evacuación al inglés", civhub.TaskTranslation, 5, 1, civhub.JoinApply, func(t *civhub.Task) {
					t.SourceLanguage, t.TargetLanguage, t.Skills = "es", "en", []string{"translation"}
				}), steps: []demoStep{{who: jean, action: civhub.ActApply, message: "Je traduis de l'espagnol vers l'anglais depuis des années."},
					{who: "org", action: civhub.ActAccept},
					{who: jean, action: "say", message: "Bonjour ! Faut-il garder les noms des rues en espagnol ?"},
					{who: "org", action: "say", message: "Sí, por favor: los nombres de calles y cerros quedan en español."},
					{who: jean, action: "hours", minutes: 180, message: "Première traduction complète."},
					{who: jean, action: civhub.ActSubmit, message: "Première version : https://example.org/guide-en-v1"},
					{who: "org", action: civhub.ActReturn, message: "¡Gracias! Falta traducir el recuadro de los números de emergencia."},
					{who: jean, action: "hours", minutes: 75, message: "Corrections et encadré des numéros d'urgence."},
					{who: jean, action: civhub.ActSubmit, message: "Version complète : https://example.org/guide-en-v2"},
					{who: "org", action: civhub.ActApprove}}},
				{task: task("Traducir la guía de evacuación al francés", civhub.TaskTranslation, 5, 1, civhub.JoinApply, func(t *civhub.Task) {
					t.SourceLanguage, t.TargetLanguage, t.Skills = "es", "fr", []string{"translation"}
				}), steps: []demoStep{{who: jean, action: civhub.ActApply, message: "Avec plaisir, après la version anglaise."}}},
				{task: task("Diseñar un afiche de evacuación para imprimir", "design", 4, 1, civhub.JoinApply, func(t *civhub.Task) {
					t.Skills = []string{"graphic_design"}
				}), steps: []demoStep{{who: lena, action: civhub.ActApply, message: "I can do a simple, accessible poster."}, {who: "org", action: civhub.ActDecline}}},
			}},
		{org: "valparaiso-preparado", owner: "diego@demo.civhub.test",
			need: civhub.Need{Title: "Simulacro de tsunami: inscripción en línea", Remote: true, Status: civhub.NeedOpen, Causes: []string{"sdg11"},
				Description: "Queremos que los vecinos se inscriban en el simulacro por internet y por SMS."},
			tasks: []demoTask{
				{task: task("Formulario de inscripción que funcione sin datos móviles", "website", 8, 1, civhub.JoinApply, func(t *civhub.Task) {
					t.Skills, t.Deadline = []string{"website_building", "sms_systems"}, in(30)
				}), steps: []demoStep{{who: priya, action: civhub.ActApply, message: "I can build a light HTML form with an SMS fallback."},
					{who: priya, action: "say", message: "How many neighbours do you expect, and how many only have SMS?"},
					{who: "org", action: "say", message: "Unos 2.000 vecinos; quizá la mitad solo con SMS. Thank you for asking!"}}},
				{task: task("Publicar el simulacro en redes sociales", "social_media", 2, 2, civhub.JoinClaim, func(t *civhub.Task) {
					t.Skills = []string{"social_media"}
				})},
			}},
		{org: "cooperative-tamount", owner: "amina@demo.civhub.test",
			need: civhub.Need{Title: "Vendre notre huile d'argan en ligne", Remote: true, Status: civhub.NeedOpen, Causes: []string{"sdg5", "sdg8"},
				Languages: []string{"ar", "fr"}, Description: "Nous voulons une page Facebook, une fiche produit traduite et apprendre le financement participatif."},
			tasks: []demoTask{
				{task: task("Créer notre page Facebook", "social_media", 3, 1, civhub.JoinApply, func(t *civhub.Task) { t.Skills = []string{"social_media"} })},
				{task: task("Traduire la brochure en anglais", civhub.TaskTranslation, 3, 1, civhub.JoinApply, func(t *civhub.Task) {
					t.SourceLanguage, t.TargetLanguage, t.Skills = "fr", "en", []string{"translation"}
				}), steps: []demoStep{{who: jean, action: civhub.ActApply,
					message: "Bonjour ! Je traduis du français vers l'anglais depuis vingt ans. Je peux vous rendre la brochure en une semaine."}}},
				{task: task("Traduire notre fiche produit en arabe", civhub.TaskTranslation, 2, 1, civhub.JoinApply, func(t *civhub.Task) {
					t.SourceLanguage, t.TargetLanguage, t.Skills = "fr", "ar", []string{"translation"}
					t.Description = "Une page : notre huile, comment nous la pressons, les prix. Nous la voulons en arabe pour les clientes de Casablanca et d'Agadir."
				})},
				{task: task("ورشة تعريفية بالتمويل الجماعي لعضوات التعاونية", "training", 2, 1, civhub.JoinApply, func(t *civhub.Task) {
					t.Skills, t.Languages = []string{"crowdfunding", "training"}, []string{"ar"}
					t.Description = "ساعة عبر الهاتف مع عضوات التعاونية الأربع: كيف تعمل حملة التمويل الجماعي، وما الذي نحتاجه لنبدأ أول حملة."
				})},
			}},
		{org: "nairobi-civic-tech", owner: "sam@demo.civhub.test",
			need: civhub.Need{Title: "TechCamp Kisumu: registration and agenda", Remote: true, Status: civhub.NeedDraft, Causes: []string{"sdg4"},
				Description: "Draft: the needs local CSOs will bring to the next TechCamp."}},
		{org: "rights-documentation-network", owner: "nour@demo.civhub.test",
			need: civhub.Need{Title: "تدريب على الأمان الرقمي لفريقنا", Remote: true, Status: civhub.NeedOpen, Causes: []string{"sdg16"},
				Description: "نحتاج إلى مدرّب يساعدنا على تأمين هواتفنا ورسائلنا."},
			tasks: []demoTask{
				{task: task("جلسة تدريب عن بُعد على الاتصالات الآمنة", "training", 4, 1, civhub.JoinApply, func(t *civhub.Task) {
					t.Skills = []string{"secure_communications", "digital_security"}
					t.Courses = []string{"safe-online"} // whoever trains the team has taken the course on staying safe
				})},
			}},
	}, networkNeeds(task, in)...)
}

// loadNeeds stores the demo needs and tasks and plays the volunteers' steps, so that every stage of
// the workflow has an example.
func loadNeeds(ctx context.Context, svc Services, people, orgs map[string]int64) error {
	for _, dn := range needs() {
		n := dn.need
		n.OrganizationID = orgs[dn.org]
		owner := people[dn.owner]
		if err := svc.Needs.CreateNeed(ctx, &n, owner); err != nil {
			return err
		}
		for _, dt := range dn.tasks {
			t := dt.task
			t.NeedID = n.ID
			if err := svc.Needs.CreateTask(ctx, &t, owner); err != nil {
				return err
			}
			var assignment int64
			for _, st := range dt.steps {
				if st.action == "say" {
					m := &civhub.TaskMessage{TaskID: t.ID, AuthorID: people[st.who], Body: st.message}
					if st.who == "org" {
						m.AuthorID, m.FromOrg = owner, true
					}
					if err := svc.Needs.PostTaskMessage(ctx, m); err != nil {
						return err
					}
					continue
				}
				if st.action == "hours" {
					// The volunteer logs the hours and the organization confirms them.
					e, err := svc.Hours.LogHours(ctx, assignment, st.minutes, st.message, people[st.who])
					if err != nil {
						return err
					}
					if err := svc.Hours.DecideHours(ctx, t.ID, e.ID, true, owner); err != nil {
						return err
					}
					continue
				}
				r := civhub.ActRequest{Action: st.action, TaskID: t.ID, AssignmentID: assignment, By: people[st.who], Message: st.message}
				if st.who == "org" {
					r.By = owner
				}
				if st.action == civhub.ActAccept {
					r.Agreement = &civhub.Agreement{Scope: t.Description, Hours: t.EstimatedHours, Deadline: t.Deadline, AnswerDays: 3}
				}
				a, err := svc.Needs.Act(ctx, r)
				if err != nil {
					return err
				}
				assignment = a.ID
				if st.action == civhub.ActAccept {
					// The volunteer agrees at once: their contact details show on the task.
					if err := svc.Needs.Agree(ctx, a.ID, a.VolunteerID); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}
