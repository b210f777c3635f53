package civhub

import "slices"

// NeedTemplate is a ready starting point for a need: the kinds of work small organizations most
// often ask for, written in plain words, with the tasks such a need usually breaks into. Picking one
// fills in the need form for the organization to change before anything is saved. Its texts are
// message IDs, so that each organization reads the template in its own language.
//
// A template says nothing of causes or places: those are the organization's, not the work's, so a
// filled need takes them from the organization.
type NeedTemplate struct {
	ID          string // stable: it appears in links
	Title       string // message ID: the need's title, also the template's name
	Summary     string // message ID: one line saying what volunteers would do
	Description string // message ID: the need in the organization's words
	Tasks       []TaskTemplate
}

// TaskTemplate is one task of a NeedTemplate.
type TaskTemplate struct {
	Title, Description string // message IDs
	Type               string
	Skills             []string // skill IDs of the taxonomy
	EstimatedHours     int
	VolunteersWanted   int
	JoinMode           string
}

// NeedTemplates lists the templates in the order they are offered: the commonest first.
var NeedTemplates = []NeedTemplate{
	{ID: "translate", Title: "need.template.translate.title", Summary: "need.template.translate.summary",
		Description: "need.template.translate.details", Tasks: []TaskTemplate{
			{"need.template.translate.first.title", "need.template.translate.first.details", TaskTranslation, []string{"translation"}, 6, 1, JoinApply},
			{"need.template.translate.second.title", "need.template.translate.second.details", TaskTranslation, []string{"proofreading"}, 2, 1, JoinClaim},
		}},
	{ID: "social_media", Title: "need.template.social_media.title", Summary: "need.template.social_media.summary",
		Description: "need.template.social_media.details", Tasks: []TaskTemplate{
			{"need.template.social_media.first.title", "need.template.social_media.first.details", "social_media", []string{"social_media", "visual_identity"}, 4, 1, JoinApply},
			{"need.template.social_media.second.title", "need.template.social_media.second.details", "social_media", []string{"social_media", "impact_storytelling"}, 5, 1, JoinApply},
			{"need.template.social_media.third.title", "need.template.social_media.third.details", "training", []string{"digital_literacy_training", "social_media"}, 2, 1, JoinClaim},
		}},
	{ID: "paper_list", Title: "need.template.paper_list.title", Summary: "need.template.paper_list.summary",
		Description: "need.template.paper_list.details", Tasks: []TaskTemplate{
			{"need.template.paper_list.first.title", "need.template.paper_list.first.details", "data_entry", []string{"spreadsheets"}, 2, 1, JoinClaim},
			{"need.template.paper_list.second.title", "need.template.paper_list.second.details", "data_entry", []string{"data_entry"}, 3, 3, JoinClaim},
			{"need.template.paper_list.third.title", "need.template.paper_list.third.details", "data_entry", []string{"data_entry", "spreadsheets"}, 2, 1, JoinClaim},
		}},
	{ID: "map_area", Title: "need.template.map_area.title", Summary: "need.template.map_area.summary",
		Description: "need.template.map_area.details", Tasks: []TaskTemplate{
			{"need.template.map_area.first.title", "need.template.map_area.first.details", "mapping", []string{"openstreetmap_editing", "satellite_imagery"}, 3, 5, JoinClaim},
			{"need.template.map_area.second.title", "need.template.map_area.second.details", "mapping", []string{"openstreetmap_editing", "participatory_mapping"}, 3, 2, JoinClaim},
			{"need.template.map_area.third.title", "need.template.map_area.third.details", "mapping", []string{"openstreetmap_editing", "gis"}, 2, 1, JoinApply},
		}},
	{ID: "website", Title: "need.template.website.title", Summary: "need.template.website.summary",
		Description: "need.template.website.details", Tasks: []TaskTemplate{
			{"need.template.website.first.title", "need.template.website.first.details", "website", []string{"website_building", "wordpress"}, 15, 1, JoinApply},
			{"need.template.website.second.title", "need.template.website.second.details", "writing", []string{"writing", "proofreading"}, 4, 1, JoinApply},
			{"need.template.website.third.title", "need.template.website.third.details", "website", []string{"domains_email"}, 2, 1, JoinApply},
		}},
	{ID: "poster", Title: "need.template.poster.title", Summary: "need.template.poster.summary",
		Description: "need.template.poster.details", Tasks: []TaskTemplate{
			{"need.template.poster.first.title", "need.template.poster.first.details", "design", []string{"graphic_design"}, 4, 1, JoinApply},
			{"need.template.poster.second.title", "need.template.poster.second.details", "design", []string{"graphic_design", "infographics"}, 2, 1, JoinClaim},
		}},
	{ID: "fact_check", Title: "need.template.fact_check.title", Summary: "need.template.fact_check.summary",
		Description: "need.template.fact_check.details", Tasks: []TaskTemplate{
			{"need.template.fact_check.first.title", "need.template.fact_check.first.details", "fact_checking", []string{"fact_checking", "research"}, 3, 2, JoinClaim},
		}},
	{ID: "members", Title: "need.template.members.title", Summary: "need.template.members.summary",
		Description: "need.template.members.details", Tasks: []TaskTemplate{
			{"need.template.members.first.title", "need.template.members.first.details", "database_design", []string{"database_design", "crm"}, 6, 1, JoinApply},
			{"need.template.members.second.title", "need.template.members.second.details", "data_entry", []string{"data_migration", "data_entry"}, 4, 1, JoinClaim},
			{"need.template.members.third.title", "need.template.members.third.details", "training", []string{"training", "crm"}, 2, 1, JoinApply},
		}},
	{ID: "funding", Title: "need.template.funding.title", Summary: "need.template.funding.summary",
		Description: "need.template.funding.details", Tasks: []TaskTemplate{
			{"need.template.funding.first.title", "need.template.funding.first.details", "research", []string{"research", "fundraising"}, 5, 1, JoinApply},
			{"need.template.funding.second.title", "need.template.funding.second.details", "writing", []string{"grant_writing"}, 8, 1, JoinApply},
		}},
	{ID: "training", Title: "need.template.training.title", Summary: "need.template.training.summary",
		Description: "need.template.training.details", Tasks: []TaskTemplate{
			{"need.template.training.first.title", "need.template.training.first.details", "training", []string{"digital_literacy_training", "workshop_facilitation"}, 4, 1, JoinApply},
			{"need.template.training.second.title", "need.template.training.second.details", "writing", []string{"writing", "curriculum_design"}, 3, 1, JoinClaim},
		}},
	{ID: "video", Title: "need.template.video.title", Summary: "need.template.video.summary",
		Description: "need.template.video.details", Tasks: []TaskTemplate{
			{"need.template.video.first.title", "need.template.video.first.details", "writing", []string{"impact_storytelling", "writing"}, 3, 1, JoinApply},
			{"need.template.video.second.title", "need.template.video.second.details", "design", []string{"video_editing", "subtitling"}, 6, 1, JoinApply},
		}},
	{ID: "security", Title: "need.template.security.title", Summary: "need.template.security.summary",
		Description: "need.template.security.details", Tasks: []TaskTemplate{
			{"need.template.security.first.title", "need.template.security.first.details", "other_work", []string{"account_security", "digital_security"}, 3, 1, JoinApply},
			{"need.template.security.second.title", "need.template.security.second.details", "other_work", []string{"backups", "it_support"}, 2, 1, JoinApply},
			{"need.template.security.third.title", "need.template.security.third.details", "training", []string{"digital_security_training"}, 2, 1, JoinApply},
		}},
}

// FindNeedTemplate returns the template with the given ID and whether there is one.
func FindNeedTemplate(id string) (NeedTemplate, bool) {
	i := slices.IndexFunc(NeedTemplates, func(t NeedTemplate) bool { return t.ID == id })
	if i < 0 {
		return NeedTemplate{}, false
	}
	return NeedTemplates[i], true
}

// Fill returns the need and tasks the template suggests for organization o, with its texts in the
// language of text (which turns a message ID into words). Nothing is stored: the organization
// changes what it likes first. The need takes the organization's causes, languages and country;
// each task asks for the need's languages, and a translation goes from the organization's first
// language into another one (see TranslationPair).
func (tpl NeedTemplate) Fill(o *Organization, text func(id string) string) (*Need, []*Task) {
	n := &Need{OrganizationID: o.ID, Title: text(tpl.Title), Description: text(tpl.Description),
		Causes: slices.Clone(o.Causes), Languages: slices.Clone(o.Languages), Remote: true, Country: o.Country, Status: NeedOpen}
	tasks := make([]*Task, 0, len(tpl.Tasks))
	for _, tt := range tpl.Tasks {
		t := &Task{OrganizationID: o.ID, Title: text(tt.Title), Description: text(tt.Description), Type: tt.Type,
			Skills: slices.Clone(tt.Skills), Languages: slices.Clone(n.Languages), EstimatedHours: tt.EstimatedHours,
			VolunteersWanted: tt.VolunteersWanted, Urgency: UrgencyNormal, JoinMode: tt.JoinMode, Status: TaskOpen}
		if t.Type == TaskTranslation {
			t.SourceLanguage, t.TargetLanguage = TranslationPair(o.Languages)
		}
		tasks = append(tasks, t)
	}
	return n, tasks
}

// TranslationPair suggests what an organization working in languages would translate: from its
// first language into its second, or into English (French when it works in English alone). It is
// only a first guess, shown for the organization to change.
func TranslationPair(languages []string) (from, to string) {
	from = "en"
	if len(languages) > 0 {
		from = languages[0]
	}
	for _, l := range languages {
		if l != from {
			return from, l
		}
	}
	if from == "en" {
		return from, "fr"
	}
	return from, "en"
}

// typeSkills lists, for each kind of task, the skills that usually go with it: a task form offers
// these first and folds away the rest of the taxonomy.
var typeSkills = map[string][]string{
	"data_entry":      {"data_entry", "spreadsheets", "data_migration", "mobile_data_collection"},
	"research":        {"research", "data_analysis", "survey_design", "monitoring_evaluation", "fundraising"},
	"fact_checking":   {"fact_checking", "research", "misinformation_monitoring"},
	TaskTranslation:   {"translation", "proofreading", "subtitling", "interpretation", "software_localization"},
	"mapping":         {"mapping", "openstreetmap_editing", "participatory_mapping", "gis", "satellite_imagery", "web_maps", "crisis_mapping"},
	"social_media":    {"social_media", "online_community_management", "impact_storytelling", "email_newsletters", "advocacy_campaigns", "visual_identity"},
	"website":         {"website_building", "wordpress", "web_development", "domains_email", "seo", "web_accessibility"},
	"mobile_app":      {"mobile_apps", "android_development", "ios_development", "backend_development", "ux_design", "qa_testing"},
	"database_design": {"database_design", "database_administration", "crm", "data_migration", "spreadsheets", "backups"},
	"training":        {"training", "digital_literacy_training", "digital_security_training", "workshop_facilitation", "curriculum_design", "mentoring"},
	"design":          {"graphic_design", "visual_identity", "infographics", "photography", "video_editing", "ux_design"},
	"writing":         {"writing", "proofreading", "report_writing", "grant_writing", "impact_storytelling"},
	"other_work":      {"it_support", "account_security", "digital_security", "backups", "collaboration_tools", "project_management"},
}

// SkillsForType returns the skills that usually go with tasks of type taskType, most common first;
// nil for an unknown type.
func SkillsForType(taskType string) []string { return slices.Clone(typeSkills[taskType]) }
