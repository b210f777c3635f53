package demo

import (
	"context"
	"fmt"

	"civhub"
)

// loadCrises writes the standby roster (Jean and Salma translate from anywhere, Camila maps in
// Chile, Priya builds from anywhere) and a drill Kofi ran with Valparaíso Preparado: a tsunami
// after an earthquake, whose urgent tasks Diego published in Spanish, with a translation into
// Haitian Creole for the city's Haitian families that nobody took; it stood down with its lessons.
func loadCrises(ctx context.Context, svc Services, people, orgs map[string]int64) error {
	for email, p := range map[string]civhub.StandbyPledge{
		"jean@demo.civhub.test": {Anywhere: true, Skills: []string{"translation", "proofreading"}, Languages: []string{"en", "fr"},
			QuietFrom: 22 * 60, QuietTo: 7 * 60, FirstWeekHours: 10},
		"salma@demo.civhub.test": {Anywhere: true, Skills: []string{"translation"}, Languages: []string{"ar", "fr"},
			QuietFrom: 23 * 60, QuietTo: 7 * 60, FirstWeekHours: 8},
		"camila@demo.civhub.test": {Countries: []string{"CL"}, Regions: "Valparaíso, Biobío", Skills: []string{"crisis_mapping", "openstreetmap_editing"},
			Languages: []string{"es"}, FirstWeekHours: 30},
		"priya@demo.civhub.test": {Anywhere: true, Skills: []string{"android_development", "sms_systems"}, Languages: []string{"en"},
			QuietFrom: 23 * 60, QuietTo: 6 * 60, FirstWeekHours: 6},
	} {
		p.PersonID, p.Channels = people[email], []string{civhub.ChannelEmail}
		if err := svc.Standby.SavePledge(ctx, &p); err != nil {
			return fmt.Errorf("standby %s: %w", email, err)
		}
	}
	drill := &civhub.Crisis{Slug: "simulacro-tsunami-valparaiso", Kind: "earthquake", Title: "Simulacro: sismo y tsunami en Valparaíso",
		Summary:   "Un sismo de magnitud 8 frente a la costa y alerta de tsunami. Ejercicio con la red de albergues de los cerros.",
		Countries: []string{"CL"}, Regions: "Valparaíso", Languages: []string{"es", "ht"}, Skills: []string{"translation", "mapping"},
		Templates: []string{"map_area", "shelter_list", "translate_health"}, Drill: true}
	if err := svc.Crises.ActivateCrisis(ctx, drill, []int64{orgs["valparaiso-preparado"]}, people["kofi@demo.civhub.test"]); err != nil {
		return err
	}
	text := map[string][2]string{
		"map_area": {"Simulacro: mapear las calles de evacuación de los cerros",
			"Trazar en OpenStreetMap las calles y escaleras que llevan a las zonas seguras sobre la cota 30."},
		"shelter_list": {"Simulacro: mantener al día la lista de albergues",
			"Una sola lista de los albergues abiertos: dónde están, cuántos lugares quedan, qué les falta."},
		"translate_health": {"Simulacro: traducir los avisos de salud al criollo haitiano",
			"Traducir los avisos cortos (agua, heridas, dónde pedir ayuda) al criollo haitiano, en palabras simples."},
	}
	if _, err := svc.Crises.PublishCrisisTasks(ctx, drill.ID, orgs["valparaiso-preparado"], drill.Templates, "es",
		func(tpl, target string) (string, string) { return text[tpl][0], text[tpl][1] }, people["diego@demo.civhub.test"]); err != nil {
		return err
	}
	return svc.Crises.StandDown(ctx, drill.ID, "Los mapas llegaron en una hora. Nadie tomó la traducción al criollo haitiano: "+
		"antes del próximo simulacro, invitar a la red de traductores a la lista de guardia.", people["kofi@demo.civhub.test"])
}
