package demo

import (
	"context"
	"fmt"
	"time"

	"civhub"
)

// loadChallenges writes the demo's challenges: Valparaíso Preparado's shelter map, made from its
// need, vetted by Kofi and taken by TechCamp Valparaíso 2027, which Rosa follows; and the Tamount
// cooperative's stock book, sent back by Kofi with feedback for Amina to answer.
func loadChallenges(ctx context.Context, svc Services, people, orgs map[string]int64) error {
	kofi := people["kofi@demo.civhub.test"]
	needs, err := svc.Needs.OrganizationNeeds(ctx, orgs["valparaiso-preparado"])
	if err != nil {
		return err
	}
	var shelters int64
	for _, n := range needs {
		if n.Title == "Mapa de albergues y rutas de evacuación" {
			shelters = n.ID
		}
	}
	mapChallenge := &civhub.Challenge{Slug: "mapa-de-albergues-sin-conexion", OrganizationID: orgs["valparaiso-preparado"], NeedID: shelters,
		Title: "Encontrar un albergue abierto sin conexión", Languages: []string{"es"},
		Affected:    "Unas 12.000 familias de los cerros de Valparaíso, muchas con personas mayores y teléfonos antiguos.",
		Today:       "La lista de albergues es un PDF de la municipalidad. Cuando se corta la luz nadie sabe cuáles están abiertos ni cómo llegar.",
		Outcome:     "Un mapa que funciona sin conexión en teléfonos Android antiguos y muestra los albergues abiertos y las rutas de evacuación.",
		Constraints: "Sin datos móviles durante una emergencia. Debe poder actualizarse por SMS. Nada de cuentas para las familias.",
		Data:        "La lista de 40 albergues (PDF), las rutas de evacuación en OpenStreetMap.",
		Measure:     "En un simulacro, una familia encuentra un albergue abierto en menos de 5 minutos, sin conexión.",
	}
	if err := svc.Challenges.CreateChallenge(ctx, mapChallenge, people["diego@demo.civhub.test"]); err != nil {
		return fmt.Errorf("shelter map: %w", err)
	}
	for _, m := range []struct {
		move civhub.ChallengeMove
		by   int64
	}{{civhub.MoveSubmit, people["diego@demo.civhub.test"]}, {civhub.MoveVet, kofi}} {
		if err := svc.Challenges.MoveChallenge(ctx, mapChallenge.ID, m.move, civhub.SizeWeekend, "", m.by); err != nil {
			return fmt.Errorf("shelter map: %w", err)
		}
	}
	if err := svc.Challenges.Follow(ctx, mapChallenge.ID, people["rosa@demo.civhub.test"], true); err != nil {
		return err
	}
	camp, err := svc.Events.FindEvent(ctx, "techcamp-valparaiso-2027")
	if err != nil {
		return err
	}
	if err := svc.Challenges.TakeChallenge(ctx, camp.ID, mapChallenge.ID, people["camila@demo.civhub.test"]); err != nil {
		return fmt.Errorf("shelter map at the camp: %w", err)
	}

	amina := people["amina@demo.civhub.test"]
	stock := &civhub.Challenge{Slug: "daftar-al-makhzun", OrganizationID: orgs["cooperative-tamount"], Title: "متابعة مخزون زيت الأركان كل أسبوع",
		Languages: []string{"ar", "fr"},
		Affected:  "أربعون امرأة في التعاونية، وأغلبهن لا يقرأن الجداول.",
		Today:     "نكتب المخزون في دفتر، ويضيع أحياناً، ولا نعرف كم بقي قبل السوق.",
		Outcome:   "أن نعرف كل أسبوع كم لتراً بقي، وكم بعنا، دون حساب طويل.",
		Measure:   "لا فرق بين الدفتر والجرد في آخر الشهر.",
	}
	if err := svc.Challenges.CreateChallenge(ctx, stock, amina); err != nil {
		return fmt.Errorf("stock book: %w", err)
	}
	if err := svc.Challenges.MoveChallenge(ctx, stock.ID, civhub.MoveSubmit, "", "", amina); err != nil {
		return fmt.Errorf("stock book: %w", err)
	}
	if err := loadHackathon(ctx, svc, people, orgs, mapChallenge); err != nil {
		return fmt.Errorf("hackathon: %w", err)
	}
	return svc.Challenges.MoveChallenge(ctx, stock.ID, civhub.MoveReturn, "",
		"Quelles données avez-vous aujourd’hui (le cahier, les reçus de vente) ? Les membres ont-elles des téléphones : lesquels, et dans quelles langues lisent-elles ?", kofi)
}

// loadHackathon writes Lena's online hackathon in three weeks, which takes the shelter map: Priya
// and Jean are in the team "Mapa vivo", whose project is handed in and in the gallery of
// solutions, and the soup kitchens of Lima use it.
func loadHackathon(ctx context.Context, svc Services, people, orgs map[string]int64, challenge *civhub.Challenge) error {
	lena, priya, jean := people["lena@demo.civhub.test"], people["priya@demo.civhub.test"], people["jean@demo.civhub.test"]
	day := time.Now().UTC().Truncate(24 * time.Hour)
	hack := &civhub.Event{Slug: "hackaton-ciudades-preparadas", Kind: civhub.EventHackathon, Mode: civhub.ModeOnline,
		Title: "Hackatón Ciudades Preparadas", Language: "es", TimeZone: "America/Santiago",
		Summary: "Un fin de semana en línea para responder a los desafíos de organizaciones que se preparan para emergencias.",
		Starts:  day.AddDate(0, 0, 21).Add(12 * time.Hour), Ends: day.AddDate(0, 0, 23).Add(21 * time.Hour),
		OnlineURL: "https://meet.example.org/ciudades-preparadas", Status: civhub.EventPublished}
	if err := svc.Events.CreateEvent(ctx, hack, lena); err != nil {
		return err
	}
	if err := svc.Challenges.TakeChallenge(ctx, hack.ID, challenge.ID, lena); err != nil {
		return err
	}
	for _, p := range []int64{priya, jean} {
		if _, err := svc.Events.Register(ctx, hack.ID, p); err != nil {
			return err
		}
	}
	team := &civhub.Team{EventID: hack.ID, Name: "Mapa vivo", ChallengeID: challenge.ID, LookingFor: []string{"openstreetmap_editing"}}
	if err := svc.Hackathons.CreateTeam(ctx, team, priya); err != nil {
		return err
	}
	if err := svc.Hackathons.JoinTeam(ctx, team.ID, jean, civhub.TeamRoleMember); err != nil {
		return err
	}
	project := &civhub.Project{TeamID: team.ID, Title: "Albergues sin conexión",
		Description: "Una aplicación Android que guarda la lista de albergues abiertos y las rutas, y se actualiza por SMS cuando no hay datos.",
		Repository:  "https://git.example.org/albergues-sin-conexion", Licence: "AGPL-3.0-or-later"}
	if err := svc.Hackathons.SaveProject(ctx, project, true, priya); err != nil {
		return err
	}
	solution := &civhub.Solution{Slug: "albergues-sin-conexion", ProjectID: project.ID, Title: project.Title, Problem: project.Description,
		Maintainer: "Equipo Mapa vivo (Priya Raman)", Language: "es", Licence: project.Licence, Repository: project.Repository,
		HowToUse: "1. Instala la aplicación en los teléfonos de quienes coordinan.\n2. Carga la lista de albergues en CSV.\n3. Envía «ABIERTO 12» por SMS al número de la organización cuando un albergue abre."}
	if err := svc.Solutions.PromoteProject(ctx, solution, priya); err != nil {
		return err
	}
	return svc.Solutions.Adopt(ctx, &civhub.Adoption{SolutionID: solution.ID, OrganizationID: orgs["ollas-comunes-lima"],
		Note: "Para avisar a 30 ollas comunes qué locales están abiertos en una emergencia."}, civhub.AdoptionPlan{}, people["rosa@demo.civhub.test"])
}
