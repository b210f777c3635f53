package civhub_test

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"civhub"
)

func validCause(id string) bool { return strings.HasPrefix(id, "sdg") && len(id) <= 5 }

// thousandRows is a CSV file of 1,000 grants in which the rows listed in bad (counting the header
// as row 1) each have one problem.
func thousandRows(bad map[int]string) string {
	var b strings.Builder
	b.WriteString("title,kind,provider,url,deadline,countries,causes,amount_max,currency\n")
	for row := 2; row <= 1001; row++ {
		cells := []string{fmt.Sprintf("Community grant number %d", row), "grant", "Fondo Comunitario",
			fmt.Sprintf("https://fund.example.org/%d", row), "2099-06-30", "CL;MA", "sdg11", "5000", "USD"}
		switch bad[row] {
		case "url":
			cells[3] = "fund.example.org"
		case "deadline":
			cells[4] = "30/06/2099"
		case "kind":
			cells[1] = "loan"
		}
		b.WriteString(strings.Join(cells, ",") + "\n")
	}
	return b.String()
}

func TestParseResourceCSV(t *testing.T) {
	sample, err := os.ReadFile("web/static/resources-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	list, problems := civhub.ParseResourceCSV(bytes.NewReader(sample), validCause)
	if len(problems) != 0 || len(list) != 4 {
		t.Fatalf("the sample file: %d entries, problems %+v", len(list), problems)
	}
	if list[1].Kind != civhub.ResourceCrowdfunding || !slices.Equal(list[1].Languages, []string{"fr", "ar"}) || list[2].Deadline != nil ||
		list[0].AmountMax != 15000000 || !slices.Equal(list[1].Tags, []string{"crowdfunding", "produits locaux"}) {
		t.Fatalf("the sample read as %+v / %+v", list[0], list[1])
	}
	// An export reads back the same, formulas defused on the way out.
	list[0].Title = "=HYPERLINK(\"http://evil.example\")"
	var out bytes.Buffer
	if err := civhub.WriteResourceCSV(&out, list); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "'=HYPERLINK") {
		t.Fatal("a formula went out as a formula")
	}
	again, problems := civhub.ParseResourceCSV(&out, validCause)
	if len(problems) != 0 || len(again) != 4 || again[0].Title != list[0].Title || !again[1].Deadline.Equal(*list[1].Deadline) {
		t.Fatalf("round trip: %+v, %+v", again, problems)
	}

	// 1,000 rows, 3 of them bad: exactly those 3 are reported, and no entry is returned.
	list, problems = civhub.ParseResourceCSV(strings.NewReader(thousandRows(map[int]string{17: "url", 500: "deadline", 1001: "kind"})), validCause)
	if list != nil || len(problems) != 3 {
		t.Fatalf("%d entries, %d problems: %+v", len(list), len(problems), problems)
	}
	for i, want := range []civhub.RowError{{Row: 17, Column: "url", Key: "err.url_invalid"}, {Row: 500, Column: "deadline", Key: "err.date_invalid"},
		{Row: 1001, Column: "kind", Key: "err.resource_kind"}} {
		if got := problems[i]; got.Row != want.Row || got.Column != want.Column || got.Key != want.Key {
			t.Errorf("problem %d: %+v, want %+v", i, got, want)
		}
	}
	if list, problems := civhub.ParseResourceCSV(strings.NewReader(thousandRows(nil)), validCause); len(problems) != 0 || len(list) != 1000 {
		t.Fatalf("the fixed file: %d entries, %+v", len(list), problems)
	}

	for name, file := range map[string]string{
		"UnknownColumn": "kind,title,provider,url,price\n", "MissingColumn": "kind,title,url\n", "Empty": "", "NoRows": "kind,title,provider,url\n",
		"BadQuotes": "kind,title,provider,url\ngrant,\"Fund,Fondation,https://x.example.org\n",
	} {
		if list, problems := civhub.ParseResourceCSV(strings.NewReader(file), validCause); list != nil || len(problems) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
}
