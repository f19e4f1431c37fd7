package l10n_test

import (
	"context"
	"fmt"

	"github.com/spf13/afero"

	"legalcenter/site/l10n"
)

func ExampleStatus() {
	fsys := afero.NewBasePathFs(afero.NewMemMapFs(), "/")
	write := func(name, text string) { afero.WriteFile(fsys, name, []byte(text), 0o644) }
	write("hugo.toml", "[languages.en]\ncontentDir = \"content/en\"\n[languages.ko]\ncontentDir = \"content/ko\"\n")
	write("content/en/terms.md", "+++\ntitle = \"Terms\"\n+++\n## Fees {#fees}\nMonthly.\n\n## Termination {#termination}\nAny time.\n")
	write("content/ko/terms.md", "+++\ntitle = \"약관\"\n+++\n## 요금 {#fees}\n매월.\n\n## 해지 {#termination}\n언제든지.\n")

	l10n.Stamp(fsys, "content/ko/terms.md", l10n.Options{})
	write("content/en/terms.md", "+++\ntitle = \"Terms\"\n+++\n## Fees {#fees}\nYearly.\n\n## Termination {#termination}\nAny time.\n")

	r, _ := l10n.Status(context.Background(), fsys, l10n.Options{})
	for _, p := range r.Pages {
		fmt.Println(p.Lang, p.Path, p.Status, p.Changed, p.Words, "words")
	}
	fmt.Printf("%s", r.Data())
	// Output:
	// ko terms.md stale [fees] 2 words
	// {
	//   "source": "en",
	//   "pages": {
	//     "ko/terms.md": {
	//       "status": "stale",
	//       "changed": [
	//         "fees"
	//       ]
	//     }
	//   }
	// }
}
