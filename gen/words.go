package gen

import (
	"math"
	"math/rand/v2"
	"sort"
	"unicode"
	"unicode/utf8"

	"civhub"
)

// byLang is a list of phrases in each of the four languages, the most used first.
type byLang map[string][]string

// taskKind is one type of task: how often organizations post it, the skills it asks for, and the
// words its titles are made of, so that a word says something about a task's type as it does in
// what people write.
type taskKind struct {
	typ    string
	weight int      // share of tasks, in percent
	skills []string // skill IDs, the most asked first
	verbs  byLang
	things byLang
}

// kinds are the task types, the most posted first. Titles are a verb and a thing of the type, and
// often a place; the same thing may belong to several types (shelters are listed, mapped and
// translated), and a few verbs cross over (writers also translate).
var kinds = []taskKind{
	{"data_entry", 18, []string{"data_entry", "spreadsheets"},
		byLang{"es": {"Digitalizar", "Transcribir", "Cargar", "Actualizar"}, "fr": {"Numériser", "Saisir", "Transcrire", "Mettre à jour"},
			"ar": {"رقمنة", "إدخال", "تفريغ", "تحديث"}, "en": {"Digitize", "Enter", "Transcribe", "Update"}},
		byLang{"es": {"la lista de albergues", "las fichas de inscripción", "el registro de donaciones", "las encuestas en papel", "el inventario de la bodega", "las actas de asamblea"},
			"fr": {"la liste des abris", "les fiches d'inscription", "le registre des dons", "les questionnaires papier", "l'inventaire de l'entrepôt", "les procès-verbaux"},
			"ar": {"قائمة الملاجئ", "استمارات التسجيل", "سجل التبرعات", "الاستبيانات الورقية", "جرد المستودع", "محاضر الاجتماعات"},
			"en": {"the shelter list", "the registration forms", "the donations ledger", "the paper surveys", "the warehouse inventory", "the meeting minutes"}}},
	{civhub.TaskTranslation, 14, []string{"translation", "proofreading", "subtitling"},
		byLang{"es": {"Traducir", "Traducir al inglés", "Revisar y traducir", "Adaptar"}, "fr": {"Traduire", "Traduire en anglais", "Relire et traduire", "Adapter"},
			"ar": {"ترجمة", "ترجمة إلى الإنجليزية", "مراجعة وترجمة", "تعريب"}, "en": {"Translate", "Translate into Spanish", "Proofread and translate", "Localize"}},
		byLang{"es": {"el folleto de derechos", "la guía para migrantes", "los subtítulos del video", "el manual de voluntariado", "la lista de albergues", "la carta a donantes", "el boletín"},
			"fr": {"la brochure sur les droits", "le guide pour les migrants", "les sous-titres de la vidéo", "le manuel des bénévoles", "la liste des abris", "la lettre aux donateurs", "la lettre d'information"},
			"ar": {"كتيب الحقوق", "دليل المهاجرين", "نصوص الفيديو", "دليل المتطوعين", "قائمة الملاجئ", "رسالة المانحين", "النشرة الإخبارية"},
			"en": {"the rights leaflet", "the migrants' guide", "the video subtitles", "the volunteer handbook", "the shelter list", "the donor letter", "the newsletter"}}},
	{"social_media", 12, []string{"social_media", "online_community_management"},
		byLang{"es": {"Gestionar", "Animar", "Crear contenido para", "Dinamizar"}, "fr": {"Animer", "Gérer", "Créer du contenu pour", "Faire vivre"},
			"ar": {"إدارة", "تنشيط", "صناعة محتوى", "متابعة"}, "en": {"Run", "Grow", "Create content for", "Manage"}},
		byLang{"es": {"la cuenta de Instagram", "la campaña de donaciones", "el canal de WhatsApp", "la página de Facebook", "los videos de TikTok"},
			"fr": {"le compte Instagram", "la campagne de dons", "la chaîne WhatsApp", "la page Facebook", "les vidéos TikTok"},
			"ar": {"حساب إنستغرام", "حملة التبرعات", "قناة واتساب", "صفحة فيسبوك", "فيديوهات تيك توك"},
			"en": {"the Instagram account", "the donation campaign", "the WhatsApp channel", "the Facebook page", "the TikTok videos"}}},
	{"research", 10, []string{"research", "data_analysis"},
		byLang{"es": {"Investigar", "Documentar", "Analizar", "Sistematizar"}, "fr": {"Rechercher", "Documenter", "Analyser", "Synthétiser"},
			"ar": {"البحث في", "توثيق", "تحليل", "دراسة"}, "en": {"Research", "Document", "Analyse", "Summarize"}},
		byLang{"es": {"las fuentes de financiamiento", "el acceso al agua", "las leyes de vivienda", "los precios de los alimentos", "la migración climática", "la ocupación de los albergues"},
			"fr": {"les sources de financement", "l'accès à l'eau", "le droit au logement", "les prix alimentaires", "la migration climatique", "l'occupation des abris"},
			"ar": {"مصادر التمويل", "الوصول إلى المياه", "قوانين السكن", "أسعار الغذاء", "الهجرة المناخية", "إشغال الملاجئ"},
			"en": {"funding sources", "access to water", "housing law", "food prices", "climate migration", "shelter occupancy"}}},
	{"writing", 9, []string{"writing", "report_writing", "grant_writing"},
		byLang{"es": {"Redactar", "Escribir", "Editar", "Redactar y traducir"}, "fr": {"Rédiger", "Écrire", "Relire", "Rédiger et traduire"},
			"ar": {"كتابة", "تحرير", "مراجعة", "كتابة وترجمة"}, "en": {"Write", "Draft", "Edit", "Write and translate"}},
		byLang{"es": {"el boletín", "la propuesta de subvención", "el informe anual", "las historias de vida", "el comunicado de prensa"},
			"fr": {"la lettre d'information", "la demande de subvention", "le rapport annuel", "les récits de vie", "le communiqué de presse"},
			"ar": {"النشرة الإخبارية", "مقترح المنحة", "التقرير السنوي", "قصص النجاح", "البيان الصحفي"},
			"en": {"the newsletter", "the grant proposal", "the annual report", "the life stories", "the press release"}}},
	{"design", 8, []string{"graphic_design", "infographics", "visual_identity"},
		byLang{"es": {"Diseñar", "Ilustrar", "Maquetar"}, "fr": {"Concevoir", "Illustrer", "Mettre en page"},
			"ar": {"تصميم", "رسم", "إخراج"}, "en": {"Design", "Illustrate", "Lay out"}},
		byLang{"es": {"el logotipo", "el afiche de la campaña", "la infografía", "el informe anual", "el folleto", "el boletín"},
			"fr": {"le logo", "l'affiche de la campagne", "l'infographie", "le rapport annuel", "le dépliant", "la lettre d'information"},
			"ar": {"الشعار", "ملصق الحملة", "الرسم البياني", "التقرير السنوي", "المطوية", "النشرة الإخبارية"},
			"en": {"the logo", "the campaign poster", "the infographic", "the annual report", "the leaflet", "the newsletter"}}},
	{"mapping", 7, []string{"mapping", "openstreetmap_editing", "gis"},
		byLang{"es": {"Mapear", "Georreferenciar", "Cartografiar"}, "fr": {"Cartographier", "Géolocaliser", "Recenser"},
			"ar": {"رسم خريطة", "تحديد مواقع", "مسح"}, "en": {"Map", "Geotag", "Survey"}},
		byLang{"es": {"los albergues", "los puntos de agua", "las rutas de evacuación", "los centros de salud", "los huertos urbanos", "las zonas inundables"},
			"fr": {"les abris", "les points d'eau", "les itinéraires d'évacuation", "les centres de santé", "les jardins partagés", "les zones inondables"},
			"ar": {"الملاجئ", "نقاط المياه", "طرق الإخلاء", "المراكز الصحية", "الحدائق المجتمعية", "المناطق المعرضة للفيضانات"},
			"en": {"the shelters", "the water points", "the evacuation routes", "the health centres", "the community gardens", "the flood zones"}}},
	{"fact_checking", 6, []string{"fact_checking", "research"},
		byLang{"es": {"Verificar", "Contrastar", "Desmentir"}, "fr": {"Vérifier", "Recouper", "Démentir"},
			"ar": {"التحقق من", "تدقيق", "تفنيد"}, "en": {"Fact-check", "Verify", "Debunk"}},
		byLang{"es": {"los rumores sobre vacunas", "las cifras del informe", "las declaraciones del candidato", "los videos virales", "las cadenas de WhatsApp"},
			"fr": {"les rumeurs sur les vaccins", "les chiffres du rapport", "les déclarations du candidat", "les vidéos virales", "les chaînes WhatsApp"},
			"ar": {"الشائعات حول اللقاحات", "أرقام التقرير", "تصريحات المرشح", "الفيديوهات المنتشرة", "رسائل واتساب المتداولة"},
			"en": {"the vaccine rumours", "the report's figures", "the candidate's claims", "the viral videos", "the WhatsApp chains"}}},
	{"website", 5, []string{"website_building", "wordpress", "web_development"},
		byLang{"es": {"Actualizar", "Rediseñar", "Migrar", "Corregir"}, "fr": {"Mettre à jour", "Refondre", "Migrer", "Corriger"},
			"ar": {"تحديث", "إعادة تصميم", "نقل", "إصلاح"}, "en": {"Update", "Redesign", "Migrate", "Fix"}},
		byLang{"es": {"el sitio web", "la página de donaciones", "el formulario de contacto", "el blog", "la sección de noticias"},
			"fr": {"le site web", "la page de dons", "le formulaire de contact", "le blog", "la rubrique actualités"},
			"ar": {"الموقع الإلكتروني", "صفحة التبرعات", "نموذج الاتصال", "المدونة", "قسم الأخبار"},
			"en": {"the website", "the donations page", "the contact form", "the blog", "the news section"}}},
	{"training", 4, []string{"training", "workshop_facilitation", "digital_literacy_training"},
		byLang{"es": {"Impartir", "Preparar", "Facilitar"}, "fr": {"Animer", "Préparer", "Donner"},
			"ar": {"تقديم", "إعداد", "تيسير"}, "en": {"Run", "Prepare", "Teach"}},
		byLang{"es": {"el taller de primeros auxilios", "el curso de alfabetización digital", "la capacitación en seguridad", "la sesión de orientación", "el simulacro de evacuación"},
			"fr": {"l'atelier de premiers secours", "le cours d'initiation au numérique", "la formation à la sécurité", "la séance d'accueil", "l'exercice d'évacuation"},
			"ar": {"ورشة الإسعافات الأولية", "دورة محو الأمية الرقمية", "التدريب على السلامة", "جلسة التوجيه", "تمرين الإخلاء"},
			"en": {"the first aid workshop", "the digital literacy course", "the safety training", "the orientation session", "the evacuation drill"}}},
	{"database_design", 3, []string{"database_design", "crm", "data_migration"},
		byLang{"es": {"Diseñar", "Ordenar", "Migrar", "Depurar"}, "fr": {"Concevoir", "Structurer", "Migrer", "Nettoyer"},
			"ar": {"تصميم", "تنظيم", "نقل", "تنقية"}, "en": {"Design", "Structure", "Migrate", "Clean"}},
		byLang{"es": {"la base de socios", "la base de beneficiarios", "las planillas de cálculo", "el CRM"},
			"fr": {"le fichier des membres", "la base des bénéficiaires", "les tableurs", "le CRM"},
			"ar": {"سجل الأعضاء", "قاعدة بيانات المستفيدين", "جداول البيانات", "نظام إدارة العلاقات"},
			"en": {"the member register", "the beneficiary database", "the spreadsheets", "the CRM"}}},
	{"mobile_app", 2, []string{"mobile_apps", "android_development", "qa_testing"},
		byLang{"es": {"Desarrollar", "Probar", "Mejorar"}, "fr": {"Développer", "Tester", "Améliorer"},
			"ar": {"تطوير", "اختبار", "تحسين"}, "en": {"Build", "Test", "Improve"}},
		byLang{"es": {"la app de reportes", "la app de voluntarios", "las notificaciones", "el modo sin conexión"},
			"fr": {"l'application de signalement", "l'application des bénévoles", "les notifications", "le mode hors ligne"},
			"ar": {"تطبيق البلاغات", "تطبيق المتطوعين", "الإشعارات", "وضع عدم الاتصال"},
			"en": {"the reporting app", "the volunteer app", "the notifications", "the offline mode"}}},
	{"other_work", 2, []string{"fundraising"},
		byLang{"es": {"Apoyar", "Coordinar", "Organizar"}, "fr": {"Soutenir", "Coordonner", "Organiser"},
			"ar": {"دعم", "تنسيق", "تنظيم"}, "en": {"Support", "Coordinate", "Organize"}},
		byLang{"es": {"la colecta de alimentos", "la logística del evento", "las llamadas a socios", "la feria solidaria"},
			"fr": {"la collecte alimentaire", "la logistique de l'événement", "les appels aux membres", "la foire solidaire"},
			"ar": {"جمع التبرعات الغذائية", "لوجستيات الفعالية", "الاتصال بالأعضاء", "السوق التضامني"},
			"en": {"the food drive", "the event logistics", "the calls to members", "the solidarity fair"}}},
}

// projects are what needs are about: a need's title is a project and a place, and its tasks'
// descriptions name it.
var projects = byLang{
	"es": {"la red de albergues", "el plan de evacuación", "el censo vecinal", "el boletín mensual", "la campaña de invierno", "la olla común",
		"el sitio web", "la base de socios", "la biblioteca popular", "la radio comunitaria", "el huerto comunitario", "el fondo de becas"},
	"fr": {"la liste des abris", "le plan d'évacuation", "le recensement des familles", "la lettre d'information", "la campagne d'hiver", "la cantine solidaire",
		"le site web", "le fichier des membres", "la bibliothèque de quartier", "la radio communautaire", "le jardin partagé", "le fonds de bourses"},
	"ar": {"شبكة الملاجئ", "خطة الإخلاء", "إحصاء السكان", "النشرة الإخبارية", "حملة الشتاء", "المطبخ الخيري",
		"الموقع الإلكتروني", "سجل الأعضاء", "مكتبة الحي", "الإذاعة المجتمعية", "الحديقة المجتمعية", "صندوق المنح"},
	"en": {"the shelter network", "the evacuation plan", "the household census", "the newsletter", "the winter campaign", "the community kitchen",
		"the website", "the member register", "the community library", "the community radio", "the community garden", "the scholarship fund"},
}

// places say whose or where: common ones first, then a long tail of towns.
var places = byLang{
	"es": {"del barrio", "de la cooperativa", "de la red", "del comité", "de la junta vecinal", "de Valparaíso", "del comedor popular", "de Medellín",
		"de la radio comunitaria", "de Cusco", "de la escuela rural", "de Oaxaca", "del sindicato", "de Temuco", "de Iquitos", "de Chiloé"},
	"fr": {"du quartier", "de la coopérative", "du réseau", "du comité", "de l'association", "de Dakar", "du centre social", "de Lyon",
		"de Bouaké", "de Ziguinchor", "de Marseille", "d'Abidjan", "du syndicat", "de Kaolack", "de Tombouctou", "d'Essaouira"},
	"ar": {"للحي", "للتعاونية", "للشبكة", "للجنة", "للجمعية", "في القاهرة", "للمدرسة", "في عمّان",
		"في تونس", "في الخرطوم", "في صفاقس", "في أسوان", "في إربد", "للنقابة", "في نيالا", "في القيروان"},
	"en": {"for the neighbourhood", "for the cooperative", "for the network", "for the committee", "for the clinic", "in Nairobi", "for the food bank", "in Kisumu",
		"for the youth club", "in Lagos", "for the tenants' union", "in Mombasa", "in Pune", "for the library", "in Eldoret", "in Jos"},
}

// openers start the sentence of a task's description that names its need's project.
var openers = byLang{
	"es": {"Lo necesitamos para", "Es parte del trabajo con", "Apoya", "Sostiene"},
	"fr": {"Nous en avons besoin pour", "Cela soutient", "Pour faire avancer", "En lien avec"},
	"ar": {"نحتاج إليه من أجل", "يدعم", "ضمن عملنا على", "في إطار"},
	"en": {"We need it for", "It supports", "Part of our work on", "For"},
}

// skewed draws indexes 0 to n-1, index k with weight (k+1)^-s: a few very common, many rare.
type skewed struct{ cdf []float64 }

func newSkewed(n int, s float64) skewed {
	cdf := make([]float64, n)
	sum := 0.0
	for k := range n {
		sum += math.Pow(float64(k+1), -s)
		cdf[k] = sum
	}
	return skewed{cdf}
}

func (z skewed) draw(rng *rand.Rand) int {
	return min(sort.SearchFloat64s(z.cdf, rng.Float64()*z.cdf[len(z.cdf)-1]), len(z.cdf)-1)
}

// wordSkew is the exponent of the Zipf curve phrases are drawn from: the first of a list is used
// about twice as often as the second, three times as often as the third.
const wordSkew = 1.0

// phrase draws one of list, the earlier ones more often.
func (g *generator) phrase(list []string) string {
	z, ok := g.skews[len(list)]
	if !ok {
		z = newSkewed(len(list), wordSkew)
		g.skews[len(list)] = z
	}
	return list[z.draw(g.rng)]
}

// kind draws a task type by its share.
func (g *generator) kind() *taskKind {
	n := g.rng.IntN(100)
	for i := range kinds {
		if n < kinds[i].weight {
			return &kinds[i]
		}
		n -= kinds[i].weight
	}
	return &kinds[0]
}

// taskTitle is a short title of kind k in lang: a verb and a thing, often a place.
func (g *generator) taskTitle(k *taskKind, lang string) string {
	title := g.phrase(k.verbs[lang]) + " " + g.phrase(k.things[lang])
	if g.rng.IntN(10) < 6 {
		title += " " + g.phrase(places[lang])
	}
	return title
}

// capitalized returns s with its first letter upper case.
func capitalized(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
