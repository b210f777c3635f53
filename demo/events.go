package demo

import (
	"context"
	"fmt"
	"time"

	"civhub"
)

// loadEvents writes the demo's events: the Nairobi network's TechCamp in three weeks, with thirty
// places, for which Priya and Jean are registered, and an online workshop on staying safe online.
func loadEvents(ctx context.Context, svc Services, people, orgs map[string]int64) error {
	day := time.Now().UTC().Truncate(24 * time.Hour)
	camp := &civhub.Event{Slug: "techcamp-nairobi", Kind: civhub.EventTechCamp, Mode: civhub.ModeHybrid, Title: "TechCamp Nairobi",
		Summary: "Two days in which local organizations bring their needs, and trainers and volunteers build answers with them: " +
			"a members list, a safer social media page, a map of the neighbourhood.",
		Language: "en", TimeZone: "Africa/Nairobi", Starts: day.AddDate(0, 0, 21).Add(6 * time.Hour), Ends: day.AddDate(0, 0, 22).Add(14 * time.Hour),
		Country: "KE", City: "Nairobi", Venue: "iHub, 4th floor, Bishop Magua Centre", OnlineURL: "https://meet.example.org/techcamp-nairobi",
		Capacity: 30, Status: civhub.EventPublished, OrganizationID: orgs["nairobi-civic-tech"]}
	if err := svc.Events.CreateEvent(ctx, camp, people["sam@demo.civhub.test"]); err != nil {
		return fmt.Errorf("techcamp: %w", err)
	}
	sam := people["sam@demo.civhub.test"]
	for _, item := range []*civhub.AgendaItem{
		{Title: "Welcome: what the organizations brought", Leader: "Sam Otieno", Room: "Main hall", Starts: camp.Starts, Ends: camp.Starts.Add(time.Hour)},
		{Title: "Staying safe online, together", Track: "Training", Room: "Room 2", Leader: "Sam Otieno", CourseSlug: "safe-online",
			Starts: camp.Starts.Add(time.Hour), Ends: camp.Starts.Add(3 * time.Hour)},
		{Title: "A members list for each organization", Track: "Build", Room: "Main hall", ToolkitSlug: "members-list-spreadsheet", ToolkitLang: "en",
			Starts: camp.Starts.Add(time.Hour), Ends: camp.Starts.Add(4 * time.Hour)},
	} {
		item.EventID = camp.ID
		if err := svc.Events.AddSession(ctx, item, sam); err != nil {
			return fmt.Errorf("agenda: %w", err)
		}
	}
	for _, email := range []string{"priya@demo.civhub.test", "jean@demo.civhub.test"} {
		if _, err := svc.Events.Register(ctx, camp.ID, people[email]); err != nil {
			return fmt.Errorf("register %s: %w", email, err)
		}
	}
	workshop := &civhub.Event{Slug: "atelier-securite-en-ligne", Kind: civhub.EventWorkshop, Mode: civhub.ModeOnline,
		Title: "Atelier : protéger les comptes de l’association", Summary: "Une heure pour mettre la double authentification sur les comptes de l’association, ensemble.",
		Language: "fr", TimeZone: "Africa/Casablanca", Starts: day.AddDate(0, 0, 10).Add(17 * time.Hour), Ends: day.AddDate(0, 0, 10).Add(18 * time.Hour),
		OnlineURL: "https://meet.example.org/atelier-securite", Capacity: 12, Status: civhub.EventPublished}
	if err := svc.Events.CreateEvent(ctx, workshop, people["sam@demo.civhub.test"]); err != nil {
		return fmt.Errorf("workshop: %w", err)
	}
	return nil
}
