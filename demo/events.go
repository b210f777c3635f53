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
	return loadEventKit(ctx, svc, people, orgs, day)
}

// loadEventKit writes a camp that is over and the one that grew out of it: TechCamp Santiago,
// two months ago, with its agenda, its checklist done and its report, and TechCamp Valparaíso in
// two months, made from its kit.
func loadEventKit(ctx context.Context, svc Services, people, orgs map[string]int64, day time.Time) error {
	diego := people["diego@demo.civhub.test"]
	past := &civhub.Event{Slug: "techcamp-santiago-2026", Kind: civhub.EventTechCamp, Mode: civhub.ModeInPerson, Title: "TechCamp Santiago 2026",
		Summary:  "Un día en que las organizaciones de la región trajeron sus necesidades y las construimos juntos con personas voluntarias.",
		Language: "es", TimeZone: "America/Santiago", Starts: day.AddDate(0, -2, 0).Add(12 * time.Hour), Ends: day.AddDate(0, -2, 0).Add(21 * time.Hour),
		Country: "CL", City: "Santiago", Capacity: 60, Status: civhub.EventPublished, OrganizationID: orgs["valparaiso-preparado"]}
	if err := svc.Events.CreateEvent(ctx, past, diego); err != nil {
		return fmt.Errorf("techcamp santiago: %w", err)
	}
	for _, item := range []*civhub.AgendaItem{
		{Title: "Bienvenida: lo que trajeron las organizaciones", Leader: "Diego Muñoz", Starts: past.Starts, Ends: past.Starts.Add(time.Hour)},
		{Title: "Simulacro de evacuación: la guía del barrio", Track: "Preparación", ToolkitSlug: "simulacro-de-evacuacion", ToolkitLang: "es",
			Starts: past.Starts.Add(time.Hour), Ends: past.Starts.Add(3 * time.Hour)},
		{Title: "Construir: un mapa de puntos de encuentro", Track: "Construir", Starts: past.Starts.Add(4 * time.Hour), Ends: past.Starts.Add(8 * time.Hour)},
	} {
		item.EventID = past.ID
		if err := svc.Events.AddSession(ctx, item, diego); err != nil {
			return fmt.Errorf("santiago agenda: %w", err)
		}
	}
	steps := []*civhub.ChecklistItem{
		{WeeksBefore: 10, Role: "equipo organizador", Text: "Preguntar a las organizaciones de la región qué necesitan."},
		{WeeksBefore: 8, Role: "lugar", Text: "Encontrar un lugar con buena conexión, acceso sin escalones y enchufes."},
		{WeeksBefore: 6, Role: "programa", Text: "Invitar a formadores y personas voluntarias según las necesidades."},
		{WeeksBefore: 4, Role: "programa", Text: "Armar el programa, con una caja de herramientas para cada sesión."},
		{WeeksBefore: 1, Role: "lugar", Text: "Probar el proyector y la conexión; imprimir la lista de entrada."},
		{WeeksBefore: -1, Role: "equipo organizador", Text: "Escribir el informe y publicar las necesidades escuchadas en civhub."},
	}
	if err := svc.EventKits.AddChecklistItems(ctx, past.ID, steps, diego); err != nil {
		return fmt.Errorf("santiago checklist: %w", err)
	}
	for _, step := range steps {
		if err := svc.EventKits.MarkChecklistItem(ctx, past.ID, step.ID, true, diego); err != nil {
			return fmt.Errorf("santiago checklist: %w", err)
		}
	}
	if err := svc.EventKits.SaveReport(ctx, &civhub.EventReport{EventID: past.ID,
		NeedsHeard:  "- Valparaíso Preparado: un mapa de puntos de encuentro que funcione sin conexión.\n- Dos juntas de vecinos: avisos por SMS a quienes no usan internet.",
		Solutions:   "Un mapa en OpenStreetMap con 40 puntos de encuentro, y la guía de simulacro traducida al inglés.",
		FollowUps:   "Un grupo de voluntarios mantiene el mapa cada mes; Valparaíso Preparado pidió en civhub una persona que lo imprima para cada cerro.",
		Differently: "Empezar a reunir las necesidades antes: dos organizaciones se enteraron tarde. Reservar una sala para capacitaciones en paralelo.",
	}, diego); err != nil {
		return fmt.Errorf("santiago report: %w", err)
	}
	camila := people["camila@demo.civhub.test"]
	next := &civhub.Event{Slug: "techcamp-valparaiso-2027", Kind: past.Kind, Mode: past.Mode, Title: "TechCamp Valparaíso 2027",
		Summary: past.Summary, Language: "es", TimeZone: "America/Santiago", Starts: day.AddDate(0, 2, 0).Add(12 * time.Hour),
		Ends: day.AddDate(0, 2, 0).Add(21 * time.Hour), Country: "CL", City: "Valparaíso", Capacity: 40, Status: civhub.EventDraft, KitOf: past.ID}
	if err := svc.Events.CreateEvent(ctx, next, camila); err != nil {
		return fmt.Errorf("techcamp valparaíso: %w", err)
	}
	next.Status = civhub.EventPublished
	if err := svc.Events.UpdateEvent(ctx, next, camila); err != nil {
		return fmt.Errorf("techcamp valparaíso: %w", err)
	}
	list, err := svc.EventKits.Checklist(ctx, next.ID)
	if err != nil {
		return err
	}
	for _, step := range list[:2] { // the first steps are under way
		if err := svc.EventKits.MarkChecklistItem(ctx, next.ID, step.ID, true, camila); err != nil {
			return err
		}
	}
	return nil
}
