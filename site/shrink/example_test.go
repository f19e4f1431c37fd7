package shrink_test

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/afero"
	"legalcenter/site/shrink"
)

// New's settings keep the document tags, end tags and quotes, and drop what
// does not render, such as comments. (The exact bytes are the minifier's
// choice, and may change with its version.)
func ExampleNew() {
	page := `<!doctype html>
<html lang="ko-KR">
<body>
  <!-- navigation -->
  <p class="note">보존 기간은 <a href="/ko/privacy-policy/#data-retention">여기</a>를 참조하세요.</p>
</body>
</html>`
	out, err := shrink.New().String("text/html", page)
	if err != nil {
		panic(err)
	}
	fmt.Println("shorter:", len(out) < len(page))
	fmt.Println("comment dropped:", !strings.Contains(out, "navigation"))
	for _, kept := range []string{`<html lang="ko-KR">`, `<body>`, `</p>`, `</body>`, `</html>`, `<a href="/ko/privacy-policy/#data-retention">여기</a>`} {
		fmt.Println("kept:", kept, strings.Contains(out, kept))
	}
	// Output:
	// shorter: true
	// comment dropped: true
	// kept: <html lang="ko-KR"> true
	// kept: <body> true
	// kept: </p> true
	// kept: </body> true
	// kept: </html> true
	// kept: <a href="/ko/privacy-policy/#data-retention">여기</a> true
}

// A minifier that loses an anchor fails the run with the page named.
func ExampleRun_loss() {
	site := afero.NewMemMapFs()
	afero.WriteFile(site, "/en/index.html", []byte(`<h2 id="data-retention">Data retention</h2>`), 0o644)
	dropIDs := shrink.MinifierFunc(func(media string, w io.Writer, r io.Reader) error {
		b, _ := io.ReadAll(r)
		_, err := io.WriteString(w, strings.ReplaceAll(string(b), ` id="data-retention"`, ""))
		return err
	})
	_, err := shrink.Run(context.Background(), site, shrink.Options{Minifier: dropIDs})
	fmt.Println(err)
	// Output:
	// minifying would change 1 file:
	//   en/index.html: id: lost "data-retention"
}
