// Package demo fills an empty civhub with the people and organizations of civhub's product story, in
// their own languages, so that anyone can try civhub in one command.
package demo

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"civhub"
	"civhub/curriculum"
	"civhub/password"
)

// Persona is one demo person and how to sign in as them.
type Persona struct {
	Person   civhub.Person
	Password string
	Story    string // who they are, printed beside their sign-in details
	// Certificate is the code of the certificate issued for their confirmed work, which anyone can
	// check at /certificates/{code}; "" for who has none.
	Certificate string
}

// Services are where the demo data goes.
type Services struct {
	People        civhub.PersonService
	Organizations civhub.OrganizationService
	Verifications civhub.VerificationService
	Profiles      civhub.ProfileService
	Needs         civhub.NeedService
	Hours         civhub.HoursService
	Resources     civhub.ResourceService
	Certificates  civhub.CertificateService
	Courses       civhub.CourseService
	Toolkits      civhub.ToolkitService
	EventKits     civhub.EventKitService
	Challenges    civhub.ChallengeService
	Hackathons    civhub.HackathonService
	Solutions     civhub.SolutionService
	Standby       civhub.StandbyService
	Crises        civhub.CrisisService
	Events        civhub.EventService
}

// personas are the people of civhub's product story.
func personas() []Persona {
	return []Persona{
		{Person: civhub.Person{Email: "amina@demo.civhub.test", DisplayName: "أمينة آيت براهيم", Locale: "ar"},
			Story: "runs a women's argan cooperative in rural Morocco (Arabic, French)"},
		{Person: civhub.Person{Email: "diego@demo.civhub.test", DisplayName: "Diego Muñoz", Locale: "es"},
			Story: "coordinates a disaster-preparedness group in Valparaíso (Spanish)"},
		{Person: civhub.Person{Email: "priya@demo.civhub.test", DisplayName: "Priya Raman", Locale: "en"},
			Story: "software engineer in Bangalore, 3 hours a week, Android and databases"},
		{Person: civhub.Person{Email: "jean@demo.civhub.test", DisplayName: "Jean Moreau", Locale: "fr"},
			Story: "retired teacher in Lyon, French/English translator, 5 hours a week"},
		{Person: civhub.Person{Email: "sam@demo.civhub.test", DisplayName: "Sam Otieno", Locale: "en"},
			Story: "organizes a TechCamp in Nairobi; a trainer, who writes courses"},
		{Person: civhub.Person{Email: "lena@demo.civhub.test", DisplayName: "Lena Vogel", Locale: "en"},
			Story: "leads an online hackathon weekend"},
		{Person: civhub.Person{Email: "camila@demo.civhub.test", DisplayName: "Camila Rojas", Locale: "es"},
			Story: "crisis coordinator for the Valparaíso region"},
		{Person: civhub.Person{Email: "salma@demo.civhub.test", DisplayName: "Salma Idrissi", Locale: "ar"},
			Story: "translator in Montréal, French/Arabic, 4 hours a week"},
		{Person: civhub.Person{Email: "awa@demo.civhub.test", DisplayName: "Awa Diop", Locale: "fr"},
			Story: "runs reading clubs for girls and women in Dakar (French, Wolof)"},
		{Person: civhub.Person{Email: "meena@demo.civhub.test", DisplayName: "Meena Krishnan", Locale: "en"},
			Story: "runs a community health collective near Madurai (English, Tamil)"},
		{Person: civhub.Person{Email: "rania@demo.civhub.test", DisplayName: "رانيا حداد", Locale: "ar"},
			Story: "runs a youth association in Irbid, Jordan (Arabic, English)"},
		{Person: civhub.Person{Email: "rosa@demo.civhub.test", DisplayName: "Rosa Quispe", Locale: "es"},
			Story: "coordinates community kitchens in Lima (Spanish)"},
		{Person: civhub.Person{Email: "nour@demo.civhub.test", DisplayName: "نور", Locale: "ar"},
			Story: "documents rights abuses in a hostile place; uses a pseudonym and at-risk mode"},
		{Person: civhub.Person{Email: "kofi@demo.civhub.test", DisplayName: "Kofi Mensah", Locale: "en", SiteRole: civhub.RoleModerator},
			Story: "moderator: verifies organizations, curates resources"},
		{Person: civhub.Person{Email: "admin@demo.civhub.test", DisplayName: "Inès Ferreira", Locale: "fr", SiteRole: civhub.RoleAdmin},
			Story: "administrator of this civhub"},
	}
}

// organization is a demo organization, its owner and its other members, by email, and how far its
// verification got.
type organization struct {
	org      civhub.Organization
	owner    string
	members  []string
	evidence string // asks to be verified with this, if set
	verified bool   // and a moderator approved it
}

func organizations() []organization {
	return []organization{
		{org: civhub.Organization{Slug: "cooperative-tamount", Name: "Coopérative féminine Tamount — تعاونية تامونت",
			Type: civhub.OrgCooperative, Country: "MA", City: "Tafraout", TimeZone: "Africa/Casablanca", Languages: []string{"ar", "fr", "zgh"},
			Causes: []string{"sdg1", "sdg5", "sdg8"}, Size: "small",
			Mission: "تعاونية نسائية لإنتاج زيت الأركان في جبال الأطلس الصغير. نريد أن نبيع منتجاتنا عبر الإنترنت وأن نتعلم التمويل الجماعي.\n\nCoopérative de femmes productrices d'huile d'argan dans l'Anti-Atlas. Nous voulons vendre en ligne et apprendre le financement participatif."},
			owner:    "amina@demo.civhub.test",
			evidence: "Coopérative enregistrée auprès de l'Office du développement de la coopération (ODCO) en 2019, Tafraout. تعاونية مسجلة لدى مكتب تنمية التعاون.",
			verified: true},
		{org: civhub.Organization{Slug: "valparaiso-preparado", Name: "Valparaíso Preparado",
			Type: civhub.OrgCommunity, Country: "CL", City: "Valparaíso", TimeZone: "America/Santiago", Languages: []string{"es"},
			Causes: []string{"sdg11", "sdg13", "sdg3"}, Size: "medium", Website: "https://valparaiso-preparado.example.cl",
			Links:   []string{"https://www.facebook.com/valparaisopreparado.example"},
			Mission: "Red vecinal de preparación ante desastres en los cerros de Valparaíso: mapas de albergues, simulacros y alertas tempranas para terremotos, tsunamis e incendios."},
			owner: "diego@demo.civhub.test", members: []string{"camila@demo.civhub.test"},
			evidence: "Junta de vecinos registrada en la Municipalidad de Valparaíso desde 2011 (personalidad jurídica 2345). Trabajamos con la Oficina Comunal de Emergencia en los simulacros de tsunami.",
			verified: true},
		{org: civhub.Organization{Slug: "nairobi-civic-tech", Name: "Nairobi Civic Tech Network",
			Type: civhub.OrgCoalition, Country: "KE", City: "Nairobi", TimeZone: "Africa/Nairobi", Languages: []string{"en", "sw"},
			Causes: []string{"sdg4", "sdg9", "sdg17"}, Size: "small", Website: "https://nairobi-civictech.example.org",
			Mission: "A coalition of community organizations and technologists in Nairobi. We run TechCamps where local CSOs bring their needs and leave with working tools."},
			owner: "sam@demo.civhub.test", members: []string{"priya@demo.civhub.test"},
			evidence: "Registered with the NGO Coordination Board (OP.218/051/19-0412/11402). Partners: iHub community, Code for Kenya. Three TechCamps held since 2022."},
		{org: civhub.Organization{Slug: "lire-ensemble", Name: "Association Lire Ensemble",
			Type: civhub.OrgWomen, Country: "SN", City: "Dakar", TimeZone: "Africa/Dakar", Languages: []string{"fr", "wo"},
			Causes: []string{"sdg4", "sdg5"}, Size: "small",
			Mission: "Nous animons des clubs de lecture pour les filles et les femmes de Pikine et de Guédiawaye, en français et en wolof, et nous les accompagnons vers la formation et l'emploi."},
			owner:    "awa@demo.civhub.test",
			evidence: "Association déclarée au ministère de l'Intérieur du Sénégal (récépissé 2016-0871). Partenaire de la mairie de Pikine pour la bibliothèque de quartier.",
			verified: true},
		{org: civhub.Organization{Slug: "sahaya-health", Name: "Sahaya Community Health Collective",
			Type: civhub.OrgCommunity, Country: "IN", City: "Madurai", TimeZone: "Asia/Kolkata", Languages: []string{"en", "ta"},
			Causes: []string{"sdg3", "sdg5"}, Size: "small",
			Mission: "Twenty community health workers visiting 60 villages around Madurai: vaccination days, mothers' health and first aid, still recorded on paper."},
			owner:    "meena@demo.civhub.test",
			evidence: "Registered trust (Madurai, 2014). Works with the district's primary health centres on vaccination days.",
			verified: true},
		{org: civhub.Organization{Slug: "al-amal-youth", Name: "جمعية الأمل لتنمية الشباب",
			Type: civhub.OrgNGO, Country: "JO", City: "إربد", TimeZone: "Asia/Amman", Languages: []string{"ar", "en"},
			Causes: []string{"sdg4", "sdg8"}, Size: "small",
			Mission: "نساعد شباب إربد على تعلّم المهارات الرقمية والعثور على عمل، من خلال دورات مسائية وتطوع في الحي."},
			owner:    "rania@demo.civhub.test",
			evidence: "جمعية مسجلة لدى وزارة التنمية الاجتماعية منذ 2017. Registered with the Ministry of Social Development since 2017.",
			verified: true},
		{org: civhub.Organization{Slug: "ollas-comunes-lima", Name: "Red de Ollas Comunes de Lima",
			Type: civhub.OrgCommunity, Country: "PE", City: "Lima", TimeZone: "America/Lima", Languages: []string{"es"},
			Causes: []string{"sdg2", "sdg11", "sdg13"}, Size: "medium",
			Mission: "Más de cien ollas comunes de San Juan de Lurigancho que cocinan juntas para 8.000 vecinos, y que se preparan para las lluvias del Niño costero."},
			owner:    "rosa@demo.civhub.test",
			evidence: "Inscrita en el registro de organizaciones sociales de la Municipalidad de Lima (2021). Coordina con el programa de comedores populares.",
			verified: true},
		{org: civhub.Organization{Slug: "rights-documentation-network", Name: "شبكة توثيق الحقوق",
			Type: civhub.OrgAdvocacy, Country: "SD", Languages: []string{"ar"}, AtRisk: true,
			Causes: []string{"sdg16", "sdg5"}, Size: "tiny",
			Mission: "نوثّق الانتهاكات ونساعد الضحايا على الوصول إلى العدالة. نعمل في ظروف صعبة ونحتاج إلى مساعدة في الأمان الرقمي."},
			owner:    "nour@demo.civhub.test",
			evidence: "Known to the regional human-rights coalition; a moderator can confirm by secure channel.", verified: true},
	}
}

// Load stores the demo personas and organizations. With a non-empty sharedPassword every persona
// gets it; otherwise each gets a random one. It returns the personas with their passwords.
func Load(ctx context.Context, svc Services, sharedPassword string) ([]Persona, error) {
	ps := personas()
	ids := map[string]int64{}
	verified := time.Now().UTC()
	for i := range ps {
		p := &ps[i]
		p.Password = sharedPassword
		if p.Password == "" {
			p.Password = randomPassword()
		}
		hash, err := password.Hash(p.Password)
		if err != nil {
			return nil, err
		}
		p.Person.PasswordHash = hash
		p.Person.EmailVerifiedAt = &verified
		if err := svc.People.CreatePerson(ctx, &p.Person); err != nil {
			return nil, fmt.Errorf("demo: %s: %w", p.Person.Email, err)
		}
		ids[p.Person.Email] = p.Person.ID
	}
	orgIDs := map[string]int64{}
	for _, o := range organizations() {
		org := o.org
		key := org.Slug // an at-risk organization gets an address of its own, which nobody can guess
		if err := svc.Organizations.CreateOrganization(ctx, &org, ids[o.owner]); err != nil {
			return nil, fmt.Errorf("demo: %s: %w", org.Slug, err)
		}
		for _, m := range o.members {
			if err := svc.Organizations.AddMember(ctx, org.ID, ids[m], civhub.MemberMember); err != nil {
				return nil, fmt.Errorf("demo: %s: %w", org.Slug, err)
			}
		}
		orgIDs[key] = org.ID
		if err := verify(ctx, svc, o, org.ID, ids); err != nil {
			return nil, fmt.Errorf("demo: %s: %w", org.Slug, err)
		}
	}
	for email, p := range profiles() {
		p.PersonID = ids[email]
		if err := svc.Profiles.SaveProfile(ctx, &p); err != nil {
			return nil, fmt.Errorf("demo: profile of %s: %w", email, err)
		}
	}
	// Sam, who runs TechCamps, is a trainer: the starting curriculum is his to keep, and Kofi
	// published it. It comes before the needs, one of whose tasks requires a course.
	if err := svc.Courses.SetTrainer(ctx, ids["sam@demo.civhub.test"], true, ids["admin@demo.civhub.test"]); err != nil {
		return nil, fmt.Errorf("demo: trainer: %w", err)
	}
	if _, err := curriculum.Install(ctx, svc.Courses, ids["sam@demo.civhub.test"], ids["kofi@demo.civhub.test"]); err != nil {
		return nil, fmt.Errorf("demo: curriculum: %w", err)
	}
	if err := loadNeeds(ctx, svc, ids, orgIDs); err != nil {
		return nil, fmt.Errorf("demo: needs: %w", err)
	}
	if err := loadToolkits(ctx, svc, ids, orgIDs); err != nil {
		return nil, fmt.Errorf("demo: toolkits: %w", err)
	}
	if err := loadEvents(ctx, svc, ids, orgIDs); err != nil {
		return nil, fmt.Errorf("demo: events: %w", err)
	}
	if err := loadChallenges(ctx, svc, ids, orgIDs); err != nil {
		return nil, fmt.Errorf("demo: challenges: %w", err)
	}
	if err := loadCrises(ctx, svc, ids, orgIDs); err != nil {
		return nil, fmt.Errorf("demo: crises: %w", err)
	}
	if err := loadResources(ctx, svc, ids); err != nil {
		return nil, fmt.Errorf("demo: resources: %w", err)
	}
	// Jean's work for Valparaíso is approved and his hours confirmed (loadNeeds): his certificate
	// shows what a volunteer can hand to anyone who asks.
	for i := range ps {
		if ps[i].Person.Email == "jean@demo.civhub.test" {
			c, err := svc.Certificates.IssueCertificate(ctx, ps[i].Person.ID)
			if err != nil {
				return nil, fmt.Errorf("demo: certificate: %w", err)
			}
			ps[i].Certificate = c.Code
		}
	}
	return ps, nil
}

// profiles are the volunteers' profiles, by email.
func profiles() map[string]civhub.Profile {
	lang := func(pairs ...string) []civhub.LanguageSkill {
		var out []civhub.LanguageSkill
		for i := 0; i+1 < len(pairs); i += 2 {
			out = append(out, civhub.LanguageSkill{Code: pairs[i], Level: pairs[i+1]})
		}
		return out
	}
	return map[string]civhub.Profile{
		"priya@demo.civhub.test": {Skills: []string{"android_development", "database_design", "backend_development", "sms_systems"},
			Languages: lang("en", "fluent", "ta", "native", "hi", "conversational"), TimeZone: "Asia/Kolkata", HoursPerWeek: 3,
			Causes: []string{"sdg4", "sdg9", "sdg11"}, Country: "IN", City: "Bengaluru",
			Bio:   "Backend and Android developer. I like small, well-scoped tasks with a clear finish line: an offline-first form, a database that survives bad connections.",
			Links: []string{"https://github.com/priya-example"}},
		"jean@demo.civhub.test": {Skills: []string{"translation", "proofreading", "writing", "training"},
			Languages: lang("fr", "native", "en", "fluent", "es", "basic"), TimeZone: "Europe/Paris", HoursPerWeek: 5,
			Causes: []string{"sdg4", "sdg5", "sdg10"}, Country: "FR", City: "Lyon",
			Bio:        "Professeur de lettres à la retraite. Je traduis de l'anglais vers le français et je relis volontiers brochures et dossiers de subvention.",
			Visibility: map[string]civhub.Visibility{civhub.PartLocation: civhub.VisiblePartners}},
		"lena@demo.civhub.test": {Skills: []string{"project_management", "volunteer_coordination", "web_accessibility", "ux_design"},
			Languages: lang("de", "native", "en", "fluent"), TimeZone: "Europe/Berlin", HoursPerWeek: 8,
			Causes: []string{"sdg16", "sdg17"}, Bio: "I organize online hackathons and make sure solutions reach the organizations that asked for them."},
		"camila@demo.civhub.test": {Skills: []string{"crisis_mapping", "openstreetmap_editing", "logistics_coordination", "emergency_information_management"},
			Languages: lang("es", "native", "en", "conversational"), TimeZone: "America/Santiago", HoursPerWeek: 10,
			Causes: []string{"sdg11", "sdg13"}, Country: "CL", City: "Viña del Mar",
			Bio: "Coordino la respuesta a emergencias en la región de Valparaíso: mapas, albergues y voluntariado en las primeras horas."},
		"salma@demo.civhub.test": {Skills: []string{"translation", "proofreading", "social_media", "subtitling"},
			Languages: lang("ar", "native", "fr", "native", "en", "conversational"), TimeZone: "America/Toronto", HoursPerWeek: 4,
			Causes: []string{"sdg5", "sdg8"}, Country: "CA", City: "Montréal",
			Bio: "مترجمة من الفرنسية إلى العربية، نشأت في أكادير. Traductrice du français vers l'arabe : brochures, fiches produit, sous-titres."},
		"sam@demo.civhub.test": {Skills: []string{"training", "digital_literacy_training", "curriculum_design", "strategic_planning"},
			Languages: lang("en", "fluent", "sw", "native"), TimeZone: "Africa/Nairobi", HoursPerWeek: 6, Causes: []string{"sdg4", "sdg9"},
			Country: "KE", City: "Nairobi"},
	}
}

// verify files the organization's verification request, and lets the demo moderator approve it
// when the demo says so.
func verify(ctx context.Context, svc Services, o organization, id int64, ids map[string]int64) error {
	if o.evidence == "" {
		return nil
	}
	req := &civhub.VerificationRequest{OrganizationID: id, Evidence: o.evidence, Links: o.org.Links}
	if err := svc.Verifications.RequestVerification(ctx, req, ids[o.owner]); err != nil {
		return err
	}
	if !o.verified {
		return nil
	}
	return svc.Verifications.DecideVerification(ctx, req.ID, true, "", ids["kofi@demo.civhub.test"])
}

// randomPassword returns 26 random characters (128 bits) from an alphabet without look-alikes.
func randomPassword() string { return rand.Text() }
