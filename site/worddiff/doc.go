// Package worddiff compares two texts word by word, as a reader compares
// two versions of a sentence, and writes the difference as text markers
// ([-old-]{+new+}) or as HTML (<del>, <ins>) for Markdown and pages.
//
// Texts are split into tokens by Split: runs of letters and digits of
// one script are a word, each punctuation mark and each run of white
// space is a token, and Han, Hiragana and Katakana characters and Hangul
// syllables are a token each, since those scripts do not separate words
// with spaces and a one-character edit must not mark a whole sentence.
// The tokens are aligned with Myers' O(ND) algorithm ("An O(ND) Difference
// Algorithm and Its Variations", 1986), which finds a shortest edit script.
//
// The translation tools (package l10n, "sitectl i18n diff") use it to show
// what changed in the English since a translation was stamped.
package worddiff
