// Package versions keeps the earlier versions of documents readable and
// shows what changed in them.
//
// An earlier version is a frozen copy of the document in the content
// folder of each language, with two front matter fields that the current
// document does not have: version (the version it was) and superseded_by
// (the language-neutral path of the document now in effect). The build
// reads it like any page and needs no git history; the layouts mark it
// superseded (a banner in the reader's language, noindex, left out of the
// sitemap), and the translation status leaves it alone, since a frozen
// text is never translated again. Freeze makes the copy ("sitectl
// version"), so that publishing a new version is one command.
//
// Each earlier version has a comparison page, at its own path followed by
// "-changes", that shows word by word (package worddiff) what changed
// from it to the current version. Files declares the comparison pages to
// Hugo before it renders (a content adapter per language, and the data it
// reads); Fill writes the comparison into them once Hugo has rendered
// both versions, because only then does their text exist as a reader
// reads it: the product agreements are generated from a catalogue, and
// facts, dates and links are resolved by the templates.
package versions
