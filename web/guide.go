package web

import (
	"net/http"
	"slices"
	"strconv"

	"civhub"
)

// guideShape says how many steps and tips each kind's "how to apply" guide has; their words are
// messages guide.KIND.stepN and guide.KIND.tipN in every locale.
var guideShape = map[string]struct{ steps, tips int }{
	civhub.ResourceGrant: {6, 2}, civhub.ResourceCrowdfunding: {7, 3}, civhub.ResourceAward: {5, 1},
	civhub.ResourceFellowship: {5, 1}, civhub.ResourceSoftware: {5, 2}, civhub.ResourceTraining: {4, 1},
	civhub.ResourceVolunteerProgram: {5, 1}, civhub.ResourceOther: {5, 1},
}

// guideMessageIDs lists the messages of kind's guide: its steps, then its tips.
func guideMessageIDs(kind string) (steps, tips []string) {
	shape := guideShape[kind]
	for i := 1; i <= shape.steps; i++ {
		steps = append(steps, "guide."+kind+".step"+strconv.Itoa(i))
	}
	for i := 1; i <= shape.tips; i++ {
		tips = append(tips, "guide."+kind+".tip"+strconv.Itoa(i))
	}
	return steps, tips
}

// guidePage is a "how to apply" guide, written for first-timers, or the list of them.
type guidePage struct {
	Page
	Kind   string
	Kinds  []string
	Steps  []string
	Tips   []string
	Intro  string
	Search string
}

func (s *Server) guides(w http.ResponseWriter, r *http.Request) error {
	l := requestInfoOf(r).locale
	p := &guidePage{Page: s.page(r, l.T("guide.index")), Kinds: civhub.ResourceKinds}
	p.Nav = "resources"
	return s.render(w, r, http.StatusOK, "guide", p)
}

func (s *Server) guide(w http.ResponseWriter, r *http.Request) error {
	kind := r.PathValue("kind")
	if !slices.Contains(civhub.ResourceKinds, kind) {
		return civhub.Errorf(civhub.ENOTFOUND, "Page not found.")
	}
	l := requestInfoOf(r).locale
	p := &guidePage{Page: s.page(r, l.T("guide."+kind+".title")), Kind: kind, Kinds: civhub.ResourceKinds,
		Intro: l.T("guide." + kind + ".intro"), Search: "/resources?kind=" + kind}
	p.Nav = "resources"
	steps, tips := guideMessageIDs(kind)
	for _, id := range steps {
		p.Steps = append(p.Steps, l.T(id))
	}
	for _, id := range tips {
		p.Tips = append(p.Tips, l.T(id))
	}
	return s.render(w, r, http.StatusOK, "guide", p)
}
