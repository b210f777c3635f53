package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"civhub"
)

// demoResource is an entry of the demo directory: deadlines are days from the day the demo is
// loaded (0: rolling); status says how far moderation got; by is the submitter's email.
type demoResource struct {
	r      civhub.Resource
	days   int
	by     string
	status string // "" for published
	reason string
}

// res makes a directory entry; countries, causes and languages are space-separated.
func res(kind, title, provider string, days int, countries, causes, languages string, lo, hi int64, currency, url, tags, description string) demoResource {
	return demoResource{days: days, by: "kofi@demo.civhub.test", r: civhub.Resource{Kind: kind, Title: title, Provider: provider,
		Countries: strings.Fields(countries), Causes: strings.Fields(causes), Languages: strings.Fields(languages),
		AmountMin: lo, AmountMax: hi, Currency: currency, URL: url, Tags: strings.Split(tags, ","), Description: description}}
}

// resources are about forty opportunities of the kinds small organizations miss, across the
// regions and languages of the demo. Providers and links are made up (example.org).
func resources() []demoResource {
	g, c, a, f, s, t, v, o := civhub.ResourceGrant, civhub.ResourceCrowdfunding, civhub.ResourceAward, civhub.ResourceFellowship,
		civhub.ResourceSoftware, civhub.ResourceTraining, civhub.ResourceVolunteerProgram, civhub.ResourceOther
	list := []demoResource{
		// The Maghreb and francophone Africa.
		res(g, "Fonds pour les coopératives féminines rurales", "Fondation Atlas pour l’économie sociale", 12, "MA DZ TN", "sdg5 sdg8", "fr ar",
			20000, 150000, "MAD", "https://atlas-es.example.org/cooperatives", "coopératives,femmes,rural",
			"Soutien aux coopératives de femmes en milieu rural : équipement, emballage, accès aux marchés en ligne. Dossier en français ou en arabe."),
		res(c, "Concours de financement participatif « Terroirs »", "Plateforme Tiwizi", 25, "MA", "sdg8 sdg12", "fr ar",
			0, 100000, "MAD", "https://tiwizi.example.ma/terroirs", "crowdfunding,produits locaux",
			"Les dix projets retenus sont accompagnés pendant leur campagne de financement participatif, et la plateforme double les dons du premier mois."),
		res(a, "جائزة المبادرات النسائية في الاقتصاد الاجتماعي", "شبكة الاقتصاد التضامني المغاربية", 40, "MA DZ TN LY MR", "sdg5 sdg1", "ar fr",
			0, 50000, "MAD", "https://maghreb-ess.example.org/prix", "نساء,اقتصاد تضامني",
			"جائزة سنوية لأفضل ثلاث مبادرات نسائية في الاقتصاد الاجتماعي والتضامني، مع مواكبة لمدة سنة."),
		res(t, "Formation : vendre en ligne pour les coopératives", "Incubateur Souss Numérique", 0, "MA", "sdg8", "fr ar",
			0, 0, "", "https://souss-num.example.ma/formation", "commerce en ligne,formation",
			"Huit séances à distance, adaptées aux téléphones et aux connexions lentes : photos des produits, boutique en ligne, paiements."),
		res(s, "Licences gratuites de logiciel de comptabilité pour associations", "Compta Solidaire", 0, "MA DZ TN SN CI CM", "", "fr",
			0, 0, "", "https://compta-solidaire.example.org/associations", "comptabilité,logiciel",
			"Licence gratuite pour les associations et coopératives de moins de 20 salariés, avec une formation en ligne."),
		res(g, "Subventions pour l’eau potable en zones de montagne", "Fonds Eau et Villages", 55, "MA SN ML BF NE", "sdg6", "fr",
			50000, 400000, "EUR", "https://eau-villages.example.org/appel", "eau,montagne",
			"Projets portés par des associations locales pour l’accès à l’eau potable, avec une contribution de la communauté."),
		res(f, "Bourse de leadership pour jeunes militantes d’Afrique de l’Ouest", "Réseau Voix de Femmes", 30, "SN CI ML BF NE TG BJ GN", "sdg5 sdg16", "fr",
			0, 0, "", "https://voix-femmes.example.org/bourse", "leadership,jeunes",
			"Six mois de mentorat, deux ateliers régionaux et une petite subvention de projet."),
		res(t, "دورة: كتابة مقترحات المنح لأول مرة", "أكاديمية المجتمع المدني", 0, "", "sdg17", "ar",
			0, 0, "", "https://cs-academy.example.org/ar/grants", "منح,كتابة المقترحات",
			"دورة مجانية عبر الإنترنت من ست وحدات: فهم الجهة المانحة، الميزانية، مؤشرات النتائج، وأخطاء شائعة."),

		// Latin America.
		res(g, "Fondo de Resiliencia Comunitaria ante Desastres", "Fundación Costa Segura", 18, "CL PE EC", "sdg11 sdg13", "es",
			3000000, 15000000, "CLP", "https://costa-segura.example.cl/fondo", "desastres,barrios,incendios",
			"Para juntas de vecinos y grupos comunitarios que preparan su barrio ante incendios, aluviones y tsunamis: planes, señalética, simulacros."),
		res(c, "Concurso de proyectos barriales con financiamiento colectivo", "Municipalidad de Valparaíso", 9, "CL", "sdg11", "es",
			0, 5000000, "CLP", "https://muni-valpo.example.cl/concurso", "financiamiento colectivo,barrios",
			"El municipio aporta un peso por cada peso reunido por la comunidad, hasta el monto máximo."),
		res(g, "Fondo de medios comunitarios y radios locales", "Red de Medios Libres", 33, "CL AR BO PE CO MX", "sdg16", "es",
			0, 12000, "USD", "https://medios-libres.example.org/fondo", "radio,medios comunitarios",
			"Equipamiento y capacitación para radios y medios comunitarios, con prioridad a medios indígenas."),
		res(a, "Premio a la innovación en gestión de riesgos", "Alianza Latinoamericana de Prevención", 60, "", "sdg11 sdg13", "es en",
			0, 10000, "USD", "https://alianza-prevencion.example.org/premio", "riesgos,innovación",
			"Reconoce herramientas abiertas creadas por comunidades para reducir riesgos de desastre."),
		res(s, "Mapas y alertas: cuentas gratuitas para organizaciones de emergencia", "GeoAlerta", 0, "", "sdg11 sdg13", "es en",
			0, 0, "", "https://geoalerta.example.org/ong", "mapas,alertas",
			"Cuentas gratuitas de mapas colaborativos y envío de alertas por SMS a voluntarios, para organizaciones sin fines de lucro."),
		res(t, "Taller en línea: planes comunitarios de emergencia", "Escuela de Protección Civil Abierta", 0, "", "sdg11", "es",
			0, 0, "", "https://proteccion-abierta.example.org/taller", "emergencias,formación",
			"Cuatro sesiones en línea, materiales descargables y una plantilla de plan comunitario."),
		res(v, "Voluntariado profesional para ONG: traducción y diseño", "Puentes Solidarios", 0, "", "sdg17", "es en",
			0, 0, "", "https://puentes.example.org/ong", "voluntariado,traducción,diseño",
			"Una red de profesionales que dona horas de traducción, diseño gráfico y comunicación a organizaciones pequeñas."),
		res(g, "Fondo para huertos urbanos y seguridad alimentaria", "Fundación Tierra Viva", 46, "CL AR UY", "sdg2 sdg11", "es",
			500000, 4000000, "CLP", "https://tierra-viva.example.org/huertos", "huertos,alimentación",
			"Para organizaciones vecinales que crean o amplían huertos comunitarios."),
		res(f, "Beca para líderes jóvenes en tecnología cívica", "Laboratorio Cívico Sur", 27, "CL AR UY PY BR", "sdg16 sdg9", "es",
			0, 3000, "USD", "https://lab-civico-sur.example.org/beca", "tecnología cívica,jóvenes",
			"Nueve meses de acompañamiento para jóvenes que construyen herramientas digitales con su comunidad."),

		// East Africa.
		res(g, "Civic Tech Micro-grants for Community Organizations", "Open Knowledge East Africa", 21, "KE UG TZ RW", "sdg16 sdg9", "en sw",
			1000, 10000, "USD", "https://okea.example.org/microgrants", "civic tech,data",
			"Small grants for community groups that use open data or simple digital tools to serve their neighbours."),
		res(t, "TechCamp Nairobi: digital security for community groups", "Nairobi Civic Tech Network", 14, "KE UG TZ", "sdg16", "en sw",
			0, 0, "", "https://nairobi-civictech.example.org/techcamp", "techcamp,digital security",
			"Two days of hands-on sessions with trainers; travel support for groups from outside Nairobi."),
		res(c, "Harambee Online crowdfunding challenge", "Harambee Online", 35, "KE", "sdg4 sdg3", "en sw",
			0, 2000000, "KES", "https://harambee.example.ke/challenge", "crowdfunding,schools,health",
			"Campaigns for schools and clinics; the best ten get coaching and matched funds."),
		res(a, "Award for women-led community water projects", "Pan-African Water Alliance", 50, "KE UG TZ ET RW BI SS", "sdg6 sdg5", "en fr",
			0, 15000, "USD", "https://pawa.example.org/award", "water,women-led",
			"Recognizes community water projects led by women; finalists present at the regional forum."),
		res(g, "Climate adaptation grants for smallholder cooperatives", "Green Horizons Fund", 75, "KE UG TZ ET MW ZM", "sdg13 sdg2", "en",
			10000, 60000, "USD", "https://green-horizons.example.org/adaptation", "climate,cooperatives,farming",
			"Grants for cooperatives of small farmers adapting to drought: water harvesting, seeds, storage."),
		res(v, "Remote data volunteers for health NGOs", "DataCorps Africa", 0, "", "sdg3", "en fr",
			0, 0, "", "https://datacorps.example.org/health", "data,volunteers,health",
			"Volunteer data analysts help health organizations clean and understand their data, remotely."),

		// The Middle East and North Africa, in Arabic.
		res(g, "منح صغيرة لتوثيق انتهاكات حقوق الإنسان", "صندوق العدالة والذاكرة", 22, "SD YE SY LY", "sdg16", "ar en",
			2000, 20000, "USD", "https://justice-memory.example.org/ar", "توثيق,حقوق الإنسان",
			"منح صغيرة وسرّية للمجموعات التي توثّق الانتهاكات، مع دعم في الأمن الرقمي. لا يُنشر اسم المجموعة."),
		res(s, "أدوات اتصال مشفّرة مجانًا للمنظمات المعرّضة للخطر", "شبكة الأمان الرقمي", 0, "", "sdg16", "ar en fr",
			0, 0, "", "https://digital-safety.example.org/ar", "أمن رقمي,تشفير",
			"حسابات مجانية لأدوات مراسلة وتخزين مشفّرة، مع جلسة إعداد عن بُعد."),
		res(t, "تدريب: السلامة الرقمية للمدافعات عن حقوق الإنسان", "شبكة الأمان الرقمي", 16, "SD EG YE SY LB JO IQ PS", "sdg16 sdg5", "ar",
			0, 0, "", "https://digital-safety.example.org/ar/training", "أمن رقمي,مدافعات",
			"تدريب عن بُعد على ثلاثة أيام، بمجموعات صغيرة، بالعربية."),
		res(g, "منح الاستجابة الطارئة للمجتمعات المحلية", "صندوق التضامن الإنساني", 6, "SD SS TD", "sdg1 sdg2 sdg3", "ar en fr",
			1000, 15000, "USD", "https://solidarity-fund.example.org/ar/emergency", "طوارئ,إغاثة",
			"تمويل سريع خلال أسبوعين للمبادرات المحلية التي تستجيب لأزمة: غذاء، مياه، مأوى."),
		res(f, "زمالة الصحافة المجتمعية", "مؤسسة الإعلام المستقل", 38, "SD EG JO LB PS IQ", "sdg16", "ar",
			0, 5000, "USD", "https://independent-media.example.org/fellowship", "صحافة,إعلام مجتمعي",
			"زمالة لستة أشهر للصحفيين المجتمعيين، مع إرشاد ومنحة إنتاج صغيرة."),

		// Anywhere, in English or several languages.
		res(s, "Nonprofit cloud credits and office software", "CloudForGood", 0, "", "", "en es fr ar",
			0, 0, "", "https://cloudforgood.example.org/nonprofits", "software,cloud",
			"Free office software and cloud credits for registered nonprofits and cooperatives; verification takes about a week."),
		res(s, "Free website builder for community groups", "SiteCommons", 0, "", "", "en es fr",
			0, 0, "", "https://sitecommons.example.org", "website,hosting",
			"A simple website with a donation button, free for groups with a yearly budget under USD 50,000."),
		res(g, "Open Source Tools for Civil Society Fund", "Digital Commons Foundation", 64, "", "sdg16 sdg9 sdg17", "en",
			5000, 50000, "USD", "https://digital-commons.example.org/fund", "open source,tools",
			"Funds open-source tools built with and for civil-society organizations, including maintenance of existing ones."),
		res(a, "Global Community Resilience Prize", "Resilient Neighbours Network", 90, "", "sdg11 sdg13", "en es fr ar",
			0, 25000, "USD", "https://resilient-neighbours.example.org/prize", "resilience,prize",
			"Three prizes for community-led projects that made a neighbourhood safer in a disaster; applications in four languages."),
		res(t, "Crowdfunding for first-timers (self-paced course)", "CivicSkills", 0, "", "sdg17", "en es fr ar",
			0, 0, "", "https://civicskills.example.org/crowdfunding", "crowdfunding,course",
			"Ten short lessons, for phones: choosing a platform, telling your story, the first 48 hours, thanking donors."),
		res(v, "Pro bono legal help for small NGOs", "Lawyers Without Fees", 0, "", "sdg16", "en fr es",
			0, 0, "", "https://lawyers-without-fees.example.org", "legal,pro bono",
			"Volunteer lawyers help small organizations register, write statutes, and read funding contracts."),
		res(g, "Rapid Response Fund for Human Rights Defenders", "Defenders Shield", 0, "", "sdg16", "en ar fr es",
			0, 10000, "USD", "https://defenders-shield.example.org/rapid", "human rights,emergency",
			"Rolling emergency support for defenders at risk: relocation, legal aid, digital security. Decisions within 72 hours."),
		res(o, "Free translation of grant applications", "Translators Commons", 0, "", "sdg17", "en es fr ar",
			0, 0, "", "https://translators-commons.example.org/grants", "translation,applications",
			"Volunteer translators translate your grant application into the funder’s language, within two weeks."),
		res(c, "Matched-giving week for education projects", "GiveTogether", 11, "", "sdg4", "en es fr",
			0, 20000, "USD", "https://givetogether.example.org/education-week", "crowdfunding,education,matched",
			"During one week, every donation to an education project is matched, up to the maximum per project."),
		res(g, "Small grants for disability-inclusive community projects", "Inclusion Fund", 44, "", "sdg10", "en fr es",
			2000, 15000, "USD", "https://inclusion-fund.example.org/small-grants", "disability,inclusion",
			"For projects led by or with people with disabilities; accessible application formats available."),
	}
	// Moderation at work: entries that wait, one sent back.
	pending := res(g, "Fondo municipal para ollas comunes", "Municipalidad de Viña del Mar", 20, "CL", "sdg2", "es",
		200000, 1000000, "CLP", "https://muni-vina.example.cl/ollas", "alimentación,ollas comunes",
		"Apoyo para ollas comunes y comedores vecinales.")
	pending.by, pending.status = "camila@demo.civhub.test", civhub.ResourcePending
	returned := res(t, "Atelier d’écriture de projets", "Maison des associations de Lyon", 15, "FR", "sdg17", "fr",
		0, 0, "", "https://mda-lyon.example.fr/atelier", "formation",
		"Atelier gratuit d’écriture de demandes de subvention.")
	returned.by, returned.status, returned.reason = "jean@demo.civhub.test", civhub.ResourceReturned,
		"Merci ! Pouvez-vous préciser si l’atelier est ouvert aux associations hors de France ?"
	return append(list, pending, returned)
}

// loadResources fills the directory: the moderator publishes most entries, some wait or came back.
func loadResources(ctx context.Context, svc Services, people map[string]int64) error {
	moderator := people["kofi@demo.civhub.test"]
	now := time.Now().UTC()
	for _, d := range resources() {
		r := d.r
		if d.days > 0 {
			deadline := time.Date(now.Year(), now.Month(), now.Day(), 23, 59, 59, 0, time.UTC).AddDate(0, 0, d.days)
			r.Deadline = &deadline
		}
		if err := svc.Resources.SubmitResource(ctx, &r, people[d.by]); err != nil {
			return fmt.Errorf("%s: %w", r.Title, err)
		}
		decision := civhub.DecidePublish
		switch d.status {
		case civhub.ResourcePending:
			continue
		case civhub.ResourceReturned:
			decision = civhub.DecideReturn
		}
		if err := svc.Resources.ReviewResource(ctx, r.ID, decision, d.reason, moderator); err != nil {
			return fmt.Errorf("%s: %w", r.Title, err)
		}
	}
	return nil
}
