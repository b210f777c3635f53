package demo

import (
	"time"

	"civhub"
)

// networkNeeds are the needs of the organizations beyond Valparaíso and Tafraout, in French,
// English, Arabic and Spanish, so that every demo volunteer finds tasks that suit them, each for
// its own reasons: skills, languages, the hours they have, the causes they care about. task and
// in are needs' helpers: a task, and a deadline in so many days.
func networkNeeds(task func(title, typ string, hours, wanted int, mode string, mutate ...func(*civhub.Task)) civhub.Task,
	in func(days int) *time.Time) []demoNeed {
	skills := func(ids ...string) func(*civhub.Task) { return func(t *civhub.Task) { t.Skills = ids } }
	langs := func(codes ...string) func(*civhub.Task) { return func(t *civhub.Task) { t.Languages = codes } }
	says := func(description string) func(*civhub.Task) {
		return func(t *civhub.Task) { t.Description = description }
	}
	return []demoNeed{
		{org: "lire-ensemble", owner: "awa@demo.civhub.test",
			need: civhub.Need{Title: "Faire connaître nos clubs de lecture", Remote: true, Status: civhub.NeedOpen,
				Causes: []string{"sdg4", "sdg5"}, Languages: []string{"fr"},
				Description: "Nous voulons trouver de nouveaux partenaires : un dossier de subvention relu, une lettre d'information, notre rapport annuel en anglais, et des animatrices à l'aise avec WhatsApp Business."},
			tasks: []demoTask{
				{task: task("Relire notre dossier de demande de subvention", "writing", 3, 1, civhub.JoinApply,
					skills("proofreading", "grant_writing"), func(t *civhub.Task) { t.Deadline = in(21) },
					says("Douze pages pour la fondation d'une banque locale. Corrigez l'orthographe et dites-nous ce qui n'est pas clair ; nous déposons le dossier dans trois semaines."))},
				{task: task("Écrire la lettre d'information du trimestre", "writing", 4, 2, civhub.JoinClaim, skills("writing", "email_newsletters"),
					says("Une page pour nos partenaires : trois nouvelles des clubs (nous envoyons les notes et les photos) et un appel aux dons de livres."))},
				{task: task("Traduire notre rapport annuel en anglais", civhub.TaskTranslation, 6, 1, civhub.JoinApply, func(t *civhub.Task) {
					t.SourceLanguage, t.TargetLanguage, t.Skills = "fr", "en", []string{"translation"}
					t.Description = "Seize pages : nos clubs, nos chiffres, nos comptes. Les bailleurs anglophones nous le demandent pour le mois prochain."
				})},
				{task: task("Former nos animatrices à WhatsApp Business", "training", 3, 1, civhub.JoinApply,
					skills("training", "digital_literacy_training"), langs("fr", "wo"),
					says("Une séance d'une heure et demie en visio pour six animatrices : catalogue, réponses rapides, listes de diffusion. Le wolof est un plus, pas une obligation."))},
			}},
		{org: "sahaya-health", owner: "meena@demo.civhub.test",
			need: civhub.Need{Title: "An app for our health workers' home visits", Remote: true, Status: civhub.NeedOpen,
				Causes: []string{"sdg3"}, Languages: []string{"en"},
				Description: "Our health workers fill in paper forms at every home visit and copy them at night. We want a form that works offline on their Android phones, a database for the visits, SMS reminders before vaccination days, and training so that nobody is left behind."},
			tasks: []demoTask{
				{task: task("Offline Android form for home visits", "mobile_app", 12, 1, civhub.JoinApply,
					skills("android_development", "mobile_data_collection"),
					says("A form of about 15 questions (the paper one is attached to the need) that saves on the phone and sends when there is a signal. Finished when two health workers have used it for a week."))},
				{task: task("Design the database of visits and patients", "database_design", 6, 1, civhub.JoinApply,
					skills("database_design"), func(t *civhub.Task) { t.Deadline = in(45) },
					says("Tables for households, visits and vaccinations that the offline form can send into, with a monthly report for the health centre."))},
				{task: task("SMS reminders before vaccination days", "other_work", 3, 1, civhub.JoinClaim, skills("sms_systems", "backend_development"),
					says("Two days before each vaccination day, an SMS in Tamil to the mothers on our list. We have an account with an SMS gateway; we need the script that sends them."))},
				{task: task("Design the app's screens for first-time phone users", "design", 8, 1, civhub.JoinApply, skills("ux_design"),
					says("Most of our health workers got their first smartphone last year. Sketch the screens of the form so that they need no training to fill it in."))},
				{task: task("Train our health workers to use the app", "training", 4, 2, civhub.JoinApply,
					skills("training", "digital_literacy_training", "curriculum_design"),
					says("Two online sessions of an hour with our 20 health workers once the form is ready, and a one-page guide they can keep."))},
				{task: task("Map the villages our health workers visit", "mapping", 6, 3, civhub.JoinClaim, skills("openstreetmap_editing", "mapping"),
					says("Add the 60 villages and their health sub-centres to OpenStreetMap from satellite imagery; a list of the villages is attached."))},
				{task: task("Run the pilot of the form in five villages", "other_work", 5, 1, civhub.JoinApply,
					skills("project_management", "volunteer_coordination"),
					says("Plan a two-week pilot of the form with five health workers: who tests what, how they tell us what goes wrong, and a short report at the end."))},
			}},
		{org: "al-amal-youth", owner: "rania@demo.civhub.test",
			need: civhub.Need{Title: "حضور رقمي لبرامجنا الشبابية", Remote: true, Status: civhub.NeedOpen,
				Causes: []string{"sdg4", "sdg8"}, Languages: []string{"ar", "en"},
				Description: "نريد أن يعرف شباب إربد وشركاؤنا ببرامجنا: تقرير سنوي بالعربية، وصفحة نشطة على إنستغرام، وموقع يستطيع الجميع استخدامه، ويوم تطوع إلكتروني."},
			tasks: []demoTask{
				{task: task("ترجمة تقريرنا السنوي من الإنجليزية إلى العربية", civhub.TaskTranslation, 5, 1, civhub.JoinApply, func(t *civhub.Task) {
					t.SourceLanguage, t.TargetLanguage, t.Skills = "en", "ar", []string{"translation"}
					t.Description = "عشر صفحات كتبها شريكنا بالإنجليزية عن برامجنا في 2026. نريدها بالعربية لأهالي المشاركين وللبلدية."
				})},
				{task: task("إدارة صفحتنا على إنستغرام لمدة شهر", "social_media", 8, 1, civhub.JoinApply,
					skills("social_media", "online_community_management"), langs("ar"),
					says("ثلاثة منشورات في الأسبوع عن دوراتنا وقصص المشاركين، والرد على الرسائل. نرسل الصور والأخبار كل أحد."),
					// Posting young people's photos and stories: whoever does it has taken the course on staying safe.
					func(t *civhub.Task) { t.Courses = []string{"safe-online"} })},
				{task: task("Check our website for accessibility", "website", 4, 1, civhub.JoinClaim, skills("web_accessibility"), langs("en"),
					says("Our website is in Arabic and English. Check it with a screen reader and on a small phone, and list what to fix, most important first."))},
				{task: task("Plan our first online volunteering day", "other_work", 6, 1, civhub.JoinApply,
					skills("volunteer_coordination", "project_management"), langs("en"),
					says("One Saturday online where 30 young people help local groups with small digital tasks. We need the plan: tasks, teams, timing and the follow-up."))},
				{task: task("A database of our course members", "database_design", 5, 1, civhub.JoinApply, skills("database_design", "backups"), langs("en", "ar"),
					says("Our 400 course members are in three spreadsheets. Design one simple database, with a backup every week, that our coordinator can keep up."))},
				{task: task("A three-year plan for our youth programmes", "other_work", 10, 1, civhub.JoinApply, skills("strategic_planning"), langs("en", "ar"),
					says("Three workshops online with our board to agree on three goals for 2027–2029 and how we will know we reached them."))},
				{task: task("A short digital-skills course for young job seekers", "training", 6, 1, civhub.JoinApply,
					skills("curriculum_design", "digital_literacy_training"), langs("en", "ar"),
					says("Six evening lessons: email, a CV online, video interviews, staying safe. We teach it in Arabic; the outline can be in English."))},
			}},
		{org: "ollas-comunes-lima", owner: "rosa@demo.civhub.test",
			need: civhub.Need{Title: "Mapa y logística de las ollas comunes", Remote: true, Status: civhub.NeedOpen,
				Causes: []string{"sdg2", "sdg11", "sdg13"}, Languages: []string{"es"},
				Description: "Queremos saber dónde está cada olla común, repartir los alimentos donados sin perder un día y avisar a tiempo cuando vienen las lluvias."},
			tasks: []demoTask{
				{task: task("Mapear las ollas comunes de San Juan de Lurigancho", "mapping", 10, 3, civhub.JoinClaim,
					skills("openstreetmap_editing", "crisis_mapping"), func(t *civhub.Task) { t.Urgency = civhub.UrgencyUrgent },
					says("Tenemos las direcciones de 120 ollas en una lista. Ubícalas en OpenStreetMap antes de las lluvias, para que las ayudas lleguen a todas."))},
				{task: task("Organizar las rutas de reparto de alimentos", "other_work", 6, 1, civhub.JoinApply, skills("logistics_coordination"),
					says("Cada martes llegan donaciones al almacén. Ayúdanos a armar las rutas de los tres camiones para que ninguna olla quede sin víveres."))},
				{task: task("Una hoja de alertas por lluvias e inundaciones", "other_work", 5, 1, civhub.JoinApply,
					skills("emergency_information_management", "early_warning"), func(t *civhub.Task) { t.Deadline = in(21) },
					says("Una hoja que diga qué hacer con cada alerta de lluvias del SENAMHI, quién avisa a quién, y los teléfonos de emergencia del distrito."))},
				{task: task("Digitalizar el registro de donaciones", "data_entry", 4, 2, civhub.JoinClaim, skills("data_entry", "spreadsheets"),
					says("Pasar a una hoja de cálculo los cuadernos de donaciones de los últimos seis meses: fecha, donante, qué y cuánto."))},
			}},
	}
}
