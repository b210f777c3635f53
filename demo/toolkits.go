package demo

import (
	"context"
	"fmt"

	"civhub"
)

// loadToolkits writes the demo's toolkits: Valparaíso Preparado's guide to a neighbourhood
// evacuation drill, in Spanish, edited since and translated into English — an edit of the
// original after the translation leaves the English version one change behind — and the Nairobi
// civic-tech network's guide to a members list, whose translation into Arabic the Tamount
// cooperative has made a task for a volunteer.
func loadToolkits(ctx context.Context, svc Services, people, orgs map[string]int64) error {
	diego := people["diego@demo.civhub.test"]
	drill := &civhub.Toolkit{Slug: "simulacro-de-evacuacion", Language: "es", OrganizationID: orgs["valparaiso-preparado"],
		Origin: "Simulacro de tsunami de Valparaíso Preparado, 2026", Tags: []string{"crisis", "evacuación", "tsunami"}}
	first := &civhub.Revision{Title: "Organizar un simulacro de evacuación en tu barrio",
		Summary: "Cómo una junta de vecinos prepara, hace y revisa un simulacro de evacuación por tsunami, con pocos medios.",
		Note:    "Primera versión, después del simulacro de marzo",
		Pages: []civhub.Page{
			{Title: "Un mes antes", Body: "- Pide la **carta de inundación** a la municipalidad y marca las zonas seguras.\n" +
				"- Haz la lista de las familias con personas mayores, niños pequeños o con movilidad reducida.\n" +
				"- Elige una persona responsable por cuadra."},
			{Title: "El día del simulacro", Body: "1. La sirena o el mensaje suena a la hora anunciada.\n" +
				"2. Cada responsable de cuadra cuenta a sus vecinos en el punto de encuentro.\n" +
				"3. Anota cuánto tardó la última familia en llegar a la zona segura."},
			{Title: "Después", Body: "Reúne a los responsables la misma semana. ¿Qué calles se bloquearon? ¿Quién no se enteró? " +
				"Corrige la lista y fija la fecha del próximo simulacro."},
		}}
	if err := svc.Toolkits.CreateToolkit(ctx, drill, first, diego); err != nil {
		return fmt.Errorf("drill: %w", err)
	}
	second := *first
	second.Note = "Añadidos los mensajes de texto"
	second.Pages = append([]civhub.Page(nil), first.Pages...)
	second.Pages[1].Body += "\n4. Si no hay sirena, un mensaje de texto a todos los teléfonos de la lista: corto, con el punto de encuentro."
	if err := svc.Toolkits.Edit(ctx, drill.ID, &second, drill.CurrentRev, diego); err != nil {
		return fmt.Errorf("drill edit: %w", err)
	}
	english := &civhub.Toolkit{Language: "en", SourceKind: civhub.ToolkitTranslation, OrganizationID: orgs["valparaiso-preparado"]}
	if err := svc.Toolkits.Adapt(ctx, drill.ID, english, diego); err != nil {
		return fmt.Errorf("drill translation: %w", err)
	}
	translated := &civhub.Revision{Title: "Running an evacuation drill in your neighbourhood",
		Summary:   "How a residents' association prepares, runs and reviews a tsunami evacuation drill, with few means.",
		Note:      "English translation",
		SourceRev: 1, // it follows the Spanish as it is now
		Pages: []civhub.Page{
			{Title: "A month before", Body: "- Ask the council for the **flood map** and mark the safe areas.\n" +
				"- List the families with older people, small children or people who move with difficulty.\n" +
				"- Choose one person in charge for each block."},
			{Title: "On the day", Body: "1. The siren or the message goes off at the time announced.\n" +
				"2. Each block's person counts their neighbours at the meeting point.\n" +
				"3. Note how long the last family took to reach the safe area.\n" +
				"4. Without a siren, a text message to every phone on the list: short, with the meeting point."},
			{Title: "Afterwards", Body: "Bring the block leaders together the same week. Which streets were blocked? Who did not hear? " +
				"Correct the list and set the date of the next drill."},
		}}
	if err := svc.Toolkits.Edit(ctx, english.ID, translated, english.CurrentRev, diego); err != nil {
		return fmt.Errorf("drill translation edit: %w", err)
	}
	third := second
	third.Note = "Punto de encuentro para mascotas"
	third.Pages = append([]civhub.Page(nil), second.Pages...)
	third.Pages[2].Body += "\n\nPregunta también por las mascotas: muchas familias no salen sin ellas."
	drill, err := svc.Toolkits.FindToolkitByID(ctx, drill.ID)
	if err != nil {
		return err
	}
	if err := svc.Toolkits.Edit(ctx, drill.ID, &third, drill.CurrentRev, diego); err != nil {
		return fmt.Errorf("drill third edit: %w", err)
	}

	members := &civhub.Toolkit{Slug: "members-list-spreadsheet", Language: "en", OrganizationID: orgs["nairobi-civic-tech"],
		Origin: "TechCamp Nairobi 2026", Tags: []string{"members", "spreadsheet", "data protection"}}
	list := &civhub.Revision{Title: "Keeping your members list in a shared spreadsheet",
		Summary: "A members list any volunteer can keep up to date from a phone, without losing it or showing it to the wrong people.",
		Pages: []civhub.Page{
			{Title: "The columns", Body: "Name, phone, village or street, the date they joined, and what they agreed to: " +
				"*may we write to you?* Nothing more: what you do not keep cannot leak."},
			{Title: "Who sees it", Body: "Share it with named people only, never “anyone with the link”. " +
				"When someone leaves the committee, take their access away the same day."},
		}}
	if err := svc.Toolkits.CreateToolkit(ctx, members, list, people["sam@demo.civhub.test"]); err != nil {
		return fmt.Errorf("members list: %w", err)
	}
	needs, err := svc.Needs.OrganizationNeeds(ctx, orgs["cooperative-tamount"])
	if err != nil || len(needs) == 0 {
		return fmt.Errorf("the cooperative's needs: %d, %v", len(needs), err)
	}
	task := &civhub.Task{NeedID: needs[0].ID, Title: "ترجمة دليل «قائمة الأعضاء في جدول مشترك» إلى العربية",
		Description: "ترجمة حقيبة الأدوات /toolkits/members-list-spreadsheet/en إلى العربية، صفحة صفحة، داخل civhub.",
		Type:        civhub.TaskTranslation, SourceLanguage: "en", TargetLanguage: "ar", Skills: []string{"translation"},
		Languages: []string{"en", "ar"}, EstimatedHours: civhub.TranslationHours(list.Words()), VolunteersWanted: 1,
		Urgency: civhub.UrgencyNormal, JoinMode: civhub.JoinClaim, ClaimHours: 72, Remote: true}
	if err := svc.Toolkits.CreateTranslationTask(ctx, task, members.ID, "ar", people["amina@demo.civhub.test"]); err != nil {
		return fmt.Errorf("translation task: %w", err)
	}
	return nil
}
