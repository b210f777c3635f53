package web

import (
	"golang.org/x/text/language"

	"civhub"
)

// countryZone is the time zone of each country among the common zones that has one zone for most of
// its people; a browser's region in one of them presets the time zone. Countries spread over
// several zones are missing on purpose: a wrong guess is worse than none.
var countryZone = map[string]string{
	"MA": "Africa/Casablanca", "DZ": "Africa/Algiers", "TN": "Africa/Tunis", "EG": "Africa/Cairo", "NG": "Africa/Lagos",
	"KE": "Africa/Nairobi", "ZA": "Africa/Johannesburg", "SD": "Africa/Khartoum", "LB": "Asia/Beirut", "JO": "Asia/Amman",
	"SA": "Asia/Riyadh", "AE": "Asia/Dubai", "IR": "Asia/Tehran", "PK": "Asia/Karachi", "IN": "Asia/Kolkata",
	"BD": "Asia/Dhaka", "PH": "Asia/Manila", "GB": "Europe/London", "FR": "Europe/Paris", "ES": "Europe/Madrid",
	"DE": "Europe/Berlin", "TR": "Europe/Istanbul", "CL": "America/Santiago", "CO": "America/Bogota", "PE": "America/Lima",
	"AR": "America/Buenos_Aires",
}

// zoneCountry is countryZone the other way round: the country a chosen time zone suggests.
var zoneCountry = func() map[string]string {
	m := make(map[string]string, len(countryZone))
	for country, zone := range countryZone {
		m[zone] = country
	}
	return m
}()

// guessZone presets a time zone for p: their own (their profile's or their organization's), else
// that of the first region their browser names in Accept-Language (es-CL: America/Santiago), else
// none.
func guessZone(p *civhub.Person, acceptLanguage string) string {
	if p != nil && p.TimeZone != "" {
		return p.TimeZone
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil {
		return ""
	}
	for _, t := range tags {
		if region, conf := t.Region(); conf == language.Exact {
			if zone, ok := countryZone[region.String()]; ok {
				return zone
			}
		}
	}
	return ""
}
