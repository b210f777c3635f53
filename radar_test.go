package civhub_test

import (
	"testing"
	"time"

	"civhub"
)

func TestEligible(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	in := func(days int) *time.Time { d := now.Add(time.Duration(days) * 24 * time.Hour); return &d }
	coop := &civhub.Organization{Country: "MA", Type: civhub.OrgCooperative, Size: "small", Causes: []string{"sdg5", "sdg8"}, Languages: []string{"ar", "fr"}}
	for _, tc := range []struct {
		name    string
		r       civhub.Resource
		ok      bool
		reasons []string
	}{
		{"CountryCausesLanguage", civhub.Resource{Countries: []string{"MA", "TN"}, Causes: []string{"sdg5"}, Languages: []string{"fr"}, Deadline: in(12)},
			true, []string{"radar.country", "radar.causes", "radar.languages", "radar.deadline"}},
		{"OpenToAll", civhub.Resource{}, true, []string{"radar.rolling"}},
		{"ErrOtherCountry", civhub.Resource{Countries: []string{"CL"}}, false, nil},
		{"ErrOtherType", civhub.Resource{OrgTypes: []string{civhub.OrgNGO}}, false, nil},
		{"ErrOtherSize", civhub.Resource{Sizes: []string{"large"}}, false, nil},
		{"ErrOtherCauses", civhub.Resource{Causes: []string{"sdg13"}}, false, nil},
		{"ErrOtherLanguage", civhub.Resource{Languages: []string{"es"}}, false, nil},
		{"ErrClosed", civhub.Resource{Deadline: in(-1)}, false, nil},
		{"ErrNotPublished", civhub.Resource{Status: civhub.ResourcePending}, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.r.Status == "" {
				tc.r.Status = civhub.ResourcePublished
			}
			m, ok := civhub.Eligible(coop, &tc.r, now)
			if ok != tc.ok {
				t.Fatalf("eligible %v, want %v", ok, tc.ok)
			}
			var keys []string
			for _, r := range m.Reasons {
				keys = append(keys, r.Key)
			}
			if ok && !equal(keys, tc.reasons) {
				t.Fatalf("reasons %v, want %v", keys, tc.reasons)
			}
			if ok && tc.name == "CountryCausesLanguage" && m.Reasons[3].Number != 12 {
				t.Fatalf("days left %d, want 12", m.Reasons[3].Number)
			}
		})
	}
	// Someone who did not say the organization's size or languages is not kept out by them.
	if _, ok := civhub.Eligible(&civhub.Organization{Country: "MA", Type: civhub.OrgCooperative},
		&civhub.Resource{Status: civhub.ResourcePublished, Sizes: []string{"large"}, Languages: []string{"es"}}, now); !ok {
		t.Fatal("an organization without size or languages was kept out")
	}
	// Ranked: what names the organization's country and causes first, then what closes first.
	targeted := &civhub.Resource{ID: 1, Status: civhub.ResourcePublished, Countries: []string{"MA"}, Causes: []string{"sdg5"}, Deadline: in(40)}
	soon := &civhub.Resource{ID: 2, Status: civhub.ResourcePublished, Deadline: in(5)}
	later := &civhub.Resource{ID: 3, Status: civhub.ResourcePublished, Deadline: in(60)}
	rolling := &civhub.Resource{ID: 4, Status: civhub.ResourcePublished}
	got := civhub.Radar(coop, []*civhub.Resource{rolling, later, soon, targeted, {ID: 5, Status: civhub.ResourcePublished, Countries: []string{"KE"}}}, now, 10)
	var ids []int64
	for _, m := range got {
		ids = append(ids, m.Resource.ID)
	}
	if len(ids) != 4 || ids[0] != 1 || ids[1] != 2 || ids[2] != 3 || ids[3] != 4 {
		t.Fatalf("radar order %v, want [1 2 3 4]", ids)
	}
}
