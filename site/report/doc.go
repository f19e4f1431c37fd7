// Package report is the one finding type of the pipeline and the formats
// every stage and command writes its findings in.
//
// A Finding is a value: one problem, at a file and line, of a rule, at a
// Level. The level is what the command does with it: an error fails the
// command (and the build publishes nothing), a warning is reported and
// passes, a notice only informs. A stage that waives a problem (sitectl
// build -lenient, sitectl i18n without -strict) lowers its level, so that
// every format says what the command did.
//
// A Report is a stage's findings with what the stage adds around them: a
// title and a summary line, its own tables (the translation progress), the
// facts its JSON carries (pages and links checked), and groups of findings
// that share one problem (an external URL that fails at many links). Write
// writes it as text (file:line: level: message [rule], for terminals and
// editors; a problem on many pages is folded after its first places), JSON
// (every finding, every occurrence), GitHub Actions annotations (errors
// first, then warnings, then notices, ending with a notice that counts
// those GitHub does not show; AppendSummary adds the Markdown to the job
// summary) or Markdown (a pull-request comment or job summary).
//
// The package knows no stage: check, lint, l10n and the build fill its
// values, and tools/sitectl picks the format.
package report
