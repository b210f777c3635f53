package web

import (
	"strings"
	"testing"
)

// TestToolkitPageImages: a toolkit's page shows the images attached to it, lazily, and no other.
func TestToolkitPageImages(t *testing.T) {
	for _, tc := range []struct{ body, want, not string }{
		{"![The map](files/12)", `<img loading="lazy" src="/toolkits/flood-guide/en/files/12" alt="The map"`, ""},
		{"![Tracker](https://evil.example/pixel.png)", "Tracker", "<img"},
		{"![Other](/toolkits/other/en/files/3)", `src="/toolkits/other/en/files/3"`, ""}, // another toolkit's own image, on civhub
		{"![x](files/12\" onerror=\"alert(1))", "", "<img"},
		{`<img src="files/12" onerror="alert(1)">`, "", "<img"},
		{"![x](javascript:alert(1))", "", "javascript"},
	} {
		got := string(toolkitPageMarkdown(tc.body, "/toolkits/flood-guide/en"))
		if tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%q: %s, want %s", tc.body, got, tc.want)
		}
		if tc.not != "" && strings.Contains(got, tc.not) {
			t.Errorf("%q: %s holds %s", tc.body, got, tc.not)
		}
	}
}
