package check

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"legalcenter/site/report"
)

// peerCases are fixtures of htmltest's test suite (testdata/peers, with
// its licence): the page checked, with its folder as the site root as
// htmltest's own test has it (a folder: every page in it), the errors
// htmltest's test expects, our findings on the page ("level rule line
// target"), and why we deliberately differ when our errors are not
// htmltest's count. Tests of options only htmltest has, and of external
// links (which need the network), are not here.
var peerCases = []struct {
	fixture  string
	htmltest int
	want     []string
	why      string
}{
	{"links/missingLinkHref.html", 1, []string{"error empty-link 5 "}, ""},
	{"links/brokenLinkInternal.html", 1, []string{"error broken-link 5 ./notreal.html"}, ""},
	{"links/relativeLinksWithBase.html", 0, []string{}, ""},
	{"links/hashInternalOk.html", 0, []string{}, ""},
	{"links/hashInternalBroken.html", 1, []string{"error missing-fragment 1 hashSelfOk.html#hashnotok"}, ""},
	{"links/hashSelfOk.html", 0, []string{}, ""},
	{"links/hashSelfBroken.html", 1, []string{"error missing-fragment 1 #hashnotok"}, ""},
	{"links/hash-in-pre-163.html", 0, []string{}, ""},
	{"links/linkToFolder.html", 0, []string{}, ""},
	{"links/link_pointing_to_directory.html", 1, []string{"error broken-link 1 folder-php/"}, ""},
	{"links/link_directory_without_slash.html", 1, []string{}, "a link to a folder without its final slash works: static hosts (Netlify, GitHub Pages) and Hugo's server redirect /folder to /folder/"},
	{"links/link_directory_with_slash_query_hash.html", 0, []string{}, ""},
	{"links/root-link-explicit.html", 0, []string{}, ""},
	{"links/linkToFolderWithSpace.html", 0, []string{}, ""},
	{"links/rootLink/rootLink.html", 0, []string{}, ""},
	{"links/relativeLinks.html", 0, []string{}, ""},
	{"links/urlencoded-href.html", 0, []string{}, ""},
	{"links/nodupe.html", 1, []string{"error broken-link 1 4040404.html"}, ""},
	{"links/attributeWithDash.html", 0, []string{}, ""},
	{"links/ignores_cases.html", 0, []string{"error missing-fragment 1 #Android"}, "ids are case-sensitive in HTML: a browser does not scroll to #Android when the id is android; htmltest compares them without case"},
	{"links/hash_href.html", 1, []string{"warning empty-link 3 #"}, "href=\"#\" is a placeholder that goes to the top of the page: a warning, not an error"},
	{"links/encodingLink.html", 0, []string{}, ""},
	{"links/link_directory_internal_invalid.html", 1, []string{"error broken-link 5 misc/js/script.js"}, ""},
	{"links/javascript_link.html", 0, []string{"error unsafe-scheme 5 javascript:if(typeof WZXYxe58==typeof alert)WZXYxe58();(function(){var s=document.createElement('link');s.setAttribute('href','/static/css/dyslexia.css');s.setAttribute('rel','stylesheet');s.setAttribute('type','text/css');document.getElementsByTagName('head')[0].appendChild(s);})();"}, "a javascript: URL in a link is unsafe, and a Content-Security-Policy without 'unsafe-inline' blocks it; htmltest skips it"},
	{"links/mailto_link.html", 0, []string{}, ""},
	{"links/mailto_encoded.html", 0, []string{}, ""},
	{"links/mailto_encoded_invalid.html", 1, []string{"error bad-url 5 mailto:%75%72%64%74%40%76%61%ZZ%65%72%2E%6F%72%67"}, ""},
	{"links/blank_mailto_link.html", 1, []string{"error empty-link 5 mailto:"}, ""},
	{"links/invalid_mailto_link.html", 1, []string{"error empty-link 5 mailto:octocat"}, ""},
	{"links/tel_link.html", 0, []string{}, ""},
	{"links/blank_tel_link.html", 1, []string{"error empty-link 5 tel:"}, ""},
	{"links/head_link_href.html", 0, []string{}, ""},
	{"links/head_link_href_empty.html", 1, []string{"error empty-link 3 "}, ""},
	{"links/head_link_href_absent.html", 1, []string{"error required-attribute 3 "}, ""},
	{"links/link-rel-dns-prefetch.html", 0, []string{}, ""},
	{"links/links_in_pre.html", 2, []string{"error empty-link 4 ", "error empty-link 11 "}, ""},
	{"links/broken_hash_with_query.html", 1, []string{"error missing-fragment 5 ?txthl=avian%20influenza+world+cook+flu-like%20symptoms+Don't%20Forget...+causes%20sickness%20in%20birds,%20it%20can%20also%20infect%20people.#example"}, ""},
	{"links/hashReferringToSelf.html", 0, []string{}, ""},
	{"links/placeholder_with_name.html", 0, []string{}, ""},
	{"links/placeholder_with_id.html", 0, []string{}, ""},
	{"links/placeholder_with_empty_id.html", 1, []string{}, "an empty id is invalid HTML but no link can point at it: the HTML validator's to report, not the link check's"},
	{"links/other_protocols.html", 0, []string{}, ""},
	{"links/blank_href_html5.html", 0, []string{}, ""},
	{"links/blank_href_html4.html", 1, []string{}, "an <a> without href is a placeholder in HTML5, and pages are read as HTML5 whatever their doctype; htmltest wants href under an HTML 4 doctype"},
	{"links/href_brackets.html", 1, []string{"error broken-link 1 (https://docs.vmware.com/en/VMware-vSphere/6.5/com.vmware.vsphere.security.doc/GUID-41E5E52E-A95B-4E81-9724-6AD6800BEF78.html)"}, ""},
	{"links/_site", 0, []string{}, ""},
	{"generic/areaValid.html", 0, []string{}, ""},
	{"generic/areaBroken.html", 1, []string{"error broken-link 2 nope.htm"}, ""},
	{"generic/areaBlank.html", 2, []string{"error empty-link 2 ", "error empty-link 3 "}, ""},
	{"generic/areaMissing.html", 0, []string{}, ""},
	{"generic/audioValid.html", 0, []string{}, ""},
	{"generic/audioBroken.html", 5, []string{"error broken-link 2 nope.mp3", "error broken-link 7 nope.mp3", "error broken-link 8 nope.en.vtt", "error broken-link 9 nope.sv.vtt", "error broken-link 14 nope.mp3"}, ""},
	{"generic/audioBlank.html", 5, []string{"error empty-link 2 ", "error empty-link 7 ", "error empty-link 8 ", "error empty-link 9 ", "error empty-link 14 "}, ""},
	{"generic/audioMissing.html", 0, []string{}, ""},
	{"generic/citeValid.html", 0, []string{}, ""},
	{"generic/citeBroken.html", 4, []string{}, "cite (blockquote, q, del, ins) is metadata that browsers neither load nor follow; the check reads the URLs a browser loads or a reader follows"},
	{"generic/citeBlank.html", 4, []string{}, "cite (blockquote, q, del, ins) is metadata that browsers neither load nor follow; the check reads the URLs a browser loads or a reader follows"},
	{"generic/citeMissing.html", 0, []string{}, ""},
	{"generic/embedValid.html", 0, []string{}, ""},
	{"generic/embedBroken.html", 1, []string{"error broken-link 1 nope.mov"}, ""},
	{"generic/embedBlank.html", 2, []string{"error empty-link 1 ", "error empty-link 2 "}, ""},
	{"generic/embedMissing.html", 0, []string{}, ""},
	{"generic/iframeValid.html", 0, []string{}, ""},
	{"generic/iframeBroken.html", 1, []string{"error broken-link 1 nope.html"}, ""},
	{"generic/iframeBrokenButIgnored.html", 0, []string{"error broken-link 1 nope.html"}, "htmltest skips elements marked data-proofer-ignore; here markup does not silence findings: -ignore, -ignore-page and [params.check] do, in one place"},
	{"generic/iframeBlank.html", 2, []string{"error empty-link 1 ", "error empty-link 5 "}, ""},
	{"generic/iframeMissing.html", 0, []string{}, ""},
	{"generic/inputSrcValid.html", 0, []string{}, ""},
	{"generic/inputSrcBroken.html", 1, []string{"error broken-link 1 /nope.png"}, ""},
	{"generic/inputSrcBlank.html", 2, []string{"error empty-link 1 ", "error empty-link 2 "}, ""},
	{"generic/inputSrcMissing.html", 0, []string{}, ""},
	{"generic/objectValid.html", 0, []string{}, ""},
	{"generic/objectBroken.html", 2, []string{"error broken-link 2 movie.swf", "error broken-link 5 movie.swf"}, ""},
	{"generic/objectBlank.html", 2, []string{"error empty-link 2 ", "error empty-link 5 "}, ""},
	{"generic/objectMissing.html", 0, []string{}, ""},
	{"generic/videoValid.html", 0, []string{}, ""},
	{"generic/videoBroken.html", 9, []string{"error broken-link 2 nope.jpg", "error broken-link 2 nope.png", "error broken-link 9 nope.png", "error broken-link 10 nope.en.vtt", "error broken-link 11 nope.sv.vtt", "error broken-link 14 nope.xyz", "error broken-link 15 nope.webm"}, "htmltest's two other findings are external URLs, fetched only with -online"},
	{"generic/videoBlank.html", 9, []string{"error empty-link 2 ", "error empty-link 2 ", "error empty-link 9 ", "error empty-link 10 ", "error empty-link 11 ", "error empty-link 14 ", "error empty-link 15 ", "error empty-link 16 ", "error empty-link 17 "}, ""},
	{"generic/videoMissing.html", 0, []string{}, ""},
	{"images/rootRelativeImages.html", 0, []string{}, ""},
	{"images/relativeToSelf.html", 0, []string{}, ""},
	{"images/missingImageInternal.html", 1, []string{"error broken-link 5 ./doesnotexist.png"}, ""},
	{"images/terribleImageName.html", 1, []string{"error broken-link 5 ./Screen Shot 2012-08-09 at 7.51.18 AM.png"}, ""},
	{"images/relativeWithBase.html", 0, []string{"error broken-link 8 gpl.png", "error broken-link 9 folder/assets/barrel.png", "error broken-link 10 ../images/gpl.png", "error broken-link 11 /images/gpl.png"}, "with images/ as the site root, as in htmltest's test, none of the four files exists (<base href=\"/links/\"> and /images/ point outside it); htmltest reports none"},
	{"images/missingImageSrc.html", 1, []string{"error required-attribute 5 "}, ""},
	{"images/emptyImageSrc.html", 1, []string{"error empty-link 5 "}, ""},
	{"images/workingDataURIImage.html", 0, []string{}, ""},
	{"images/srcSetCheck.html", 0, []string{"error broken-link 3 examples/images/extralarge.jpg", "error broken-link 4 examples/images/large.jpg"}, "every srcset candidate is a URL the browser may load, so each is checked; htmltest only checks that srcset is there"},
	{"images/srcSetMissingImage.html", 1, []string{"error broken-link 3 examples/images/extralarge.jpg", "error broken-link 4 examples/images/large.jpg", "error broken-link 6 notreal.png"}, "an <img> with srcset and no src is valid HTML (the browser picks a candidate): the candidates that do not exist are reported instead; htmltest wants src"},
	{"images/usemapValid.html", 0, []string{}, ""},
	{"images/usemapMapDoesNotExist.html", 1, []string{}, "usemap=\"#map\" names a <map name>, not an id a link goes to: not checked"},
	{"images/multipleProblems.html", 6, []string{"error broken-link 5 lpg.png", "error broken-link 6 lpg.png", "error required-attribute 7 "}, "htmltest's other findings are about alt text (accessibility), which this check does not judge"},
	{"meta/refresh-refresh.html", 0, []string{}, ""},
	{"meta/refresh-internal-valid.html", 0, []string{}, ""},
	{"meta/refresh-internal-broken.html", 1, []string{"error broken-link 4 nope.html"}, ""},
	{"meta/refresh-content-missing.html", 1, []string{"error required-attribute 4 "}, ""},
	{"meta/refresh-content-blank.html", 1, []string{"error empty-link 4 "}, ""},
	{"meta/refresh-content-invalid-refresh.html", 1, []string{"error bad-url 4 -2"}, ""},
	{"meta/refresh-content-invalid-redirect.html", 1, []string{"error bad-url 4 3x;url=refresh-internal-broken.html"}, ""},
}

// TestPeers runs the check on htmltest's fixtures: each case's findings
// are the ones expected, and its errors are as many as htmltest's, or the
// case says why not.
func TestPeers(t *testing.T) {
	runs := map[string]*Report{}
	for _, tc := range peerCases {
		t.Run(tc.fixture, func(t *testing.T) {
			root, page := path.Dir(tc.fixture), path.Base(tc.fixture)
			if !strings.HasSuffix(tc.fixture, ".html") {
				root, page = tc.fixture, ""
			}
			rep := runs[root]
			if rep == nil {
				var err error
				rep, err = Run(context.Background(), afero.NewOsFs(), Options{Root: filepath.Join("testdata", "peers", "htmltest", filepath.FromSlash(root))})
				if err != nil {
					t.Fatal(err)
				}
				runs[root] = rep
			}
			var got []string
			errs := 0
			for _, f := range rep.Findings {
				if f.Rule == ruleOwnDomain || page != "" && f.Page != page {
					continue
				}
				got = append(got, fmt.Sprintf("%s %s %d %s", f.Level, f.Rule, f.Line, f.Target))
				if f.Level == report.Error {
					errs++
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
			switch {
			case tc.why == "" && errs != tc.htmltest:
				t.Errorf("%d errors, htmltest %d, and no reason to differ", errs, tc.htmltest)
			case tc.why != "" && errs == tc.htmltest:
				t.Errorf("%d errors, as htmltest: the reason to differ is stale", errs)
			}
		})
	}
}
