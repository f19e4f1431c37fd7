// Package cli is what the commands (sitectl's subcommands, sitecheck)
// share in reading their command lines: flags before and after the
// arguments, one layout of usage, and one way of saying what was wrong.
//
// A command's -h (or -help) writes its usage to stdout and exits 0:
//
//	usage: sitectl diff [flags] OLD NEW
//
//	Lists the pages of the built site in NEW that differ from OLD, per language,
//	and the deep links into OLD that NEW breaks (pages removed, anchors gone).
//
//	flags:
//	  -baseurl URL
//	      the new site's URL (a preview's), to link pages in the report (default:
//	      no links)
//	  -format format
//	      report format: text, json, markdown (default text)
//	  ...
//
// The site's folder is -s (SiteFlag), or else the nearest folder from the
// working one up that holds hugo.toml (Site).
//
// A mistake on the command line (an unknown flag, a bad value, an
// argument too many) writes one line naming it, then where the usage is,
// to stderr, and exits 2:
//
//	sitectl diff: flag provided but not defined: -nope
//	run 'sitectl diff -h' for usage
//
// It imports nothing beyond the standard library, so that a small command
// (tools/sitecheck) links no more than it needs.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Exit statuses shared by the commands.
const (
	ExitOK    = 0 // success
	ExitFail  = 1 // findings, or a build error
	ExitUsage = 2 // could not run: the command line or the site is wrong
)

// Command is the command line of one command: its flags, which it defines
// on the embedded FlagSet, and its usage.
type Command struct {
	*flag.FlagSet
	Name     string // as typed: "sitectl build", "sitectl i18n stamp", "sitecheck"
	Synopsis string // what follows the name in the usage line: "[flags] OLD NEW"
	Doc      string // what the command does, in a sentence or two

	stdout, stderr io.Writer
	site           *string             // -s, if SiteFlag defined it
	aliases        map[string][]string // a flag's other spellings, by its name
	alias          map[string]string   // the other spellings: the flag's name, by spelling
}

// New returns the command name (as typed: "sitectl build") that writes its
// usage to stdout and its mistakes to stderr.
func New(name, synopsis, doc string, stdout, stderr io.Writer) *Command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// Parse's errors come back as values; Exit says them.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &Command{FlagSet: fs, Name: name, Synopsis: synopsis, Doc: doc, stdout: stdout, stderr: stderr,
		aliases: map[string][]string{}, alias: map[string]string{}}
}

// Alias makes -alias another spelling of the defined flag -name: both set
// the same value, and the usage lists them together, -name first.
func (c *Command) Alias(alias, name string) {
	f := c.Lookup(name)
	if f == nil {
		panic("cli: alias of undefined flag -" + name)
	}
	c.Var(f.Value, alias, f.Usage)
	c.aliases[name] = append(c.aliases[name], alias)
	c.alias[alias] = name
}

// IsSet reports whether the flag name was given, in any spelling.
func (c *Command) IsSet(name string) bool {
	set := false
	c.Visit(func(f *flag.Flag) {
		if f.Name == name || c.alias[f.Name] == name {
			set = true
		}
	})
	return set
}

// siteConfig is the file that makes a folder a site's folder.
const siteConfig = "hugo.toml"

// SiteFlag defines -s, the site's source folder, the one holding
// hugo.toml, with -root as another spelling: every command that reads the
// site takes it so. Site tells the folder once the flags are parsed.
func (c *Command) SiteFlag() {
	c.site = c.String("s", "", "the site's source `folder`, the one holding hugo.toml "+
		"(default: the working folder, or the nearest folder above it that holds hugo.toml)")
	c.Alias("root", "s")
}

// Site returns the site's folder: -s when given, else the working folder or
// the nearest folder above it that holds hugo.toml, as git finds .git, so
// that a command works from any folder of the site. A folder found so is
// relative to the working folder ("." or "../.."); an error says none was,
// or that -s names a folder without hugo.toml (a typo, the wrong folder,
// where a report would find an empty site, complete).
func (c *Command) Site() (string, error) {
	if c.site != nil && *c.site != "" {
		if fi, err := os.Stat(filepath.Join(*c.site, siteConfig)); err != nil || fi.IsDir() {
			return "", fmt.Errorf("no site configuration (%s) in %s: run in the site's folder, or give it with -s", siteConfig, *c.site)
		}
		return *c.site, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	return findSite(wd)
}

// findSite returns the nearest folder from dir up that holds hugo.toml,
// relative to dir.
func findSite(dir string) (string, error) {
	for d := dir; ; {
		if fi, err := os.Stat(filepath.Join(d, siteConfig)); err == nil && !fi.IsDir() {
			return filepath.Rel(dir, d)
		}
		up := filepath.Dir(d)
		if up == d {
			return "", fmt.Errorf("no site configuration (%s) in %s or any folder above it: run in the site's folder, or give it with -s", siteConfig, dir)
		}
		d = up
	}
}

// Parse parses args, flags before or after the arguments, and returns the
// arguments. If it returns an error, the command is to return the status
// Exit gives for it.
func (c *Command) Parse(args []string) ([]string, error) {
	return parseFlags(c.FlagSet, args)
}

// Exit says what err, an error of Parse, means and returns the exit
// status: for -h the usage on stdout, and 0; for a mistake one line on
// stderr with where the usage is, and 2.
func (c *Command) Exit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		c.Usage(c.stdout)
		return ExitOK
	}
	return c.Usagef("%v", err)
}

// Usagef reports a mistake on the command line: the message, prefixed with
// the command's name, then where the usage is, on stderr. It returns 2.
func (c *Command) Usagef(format string, args ...any) int {
	fmt.Fprintf(c.stderr, "%s: %s\nrun '%s -h' for usage\n", c.Name, fmt.Sprintf(format, args...), c.Name)
	return ExitUsage
}

// Errorf reports why the command could not run, prefixed with its name,
// on stderr, and returns 2: a problem beyond the command line, which the
// usage would not solve.
func (c *Command) Errorf(format string, args ...any) int {
	fmt.Fprintf(c.stderr, "%s: %s\n", c.Name, fmt.Sprintf(format, args...))
	return ExitUsage
}

// Usage writes the usage: the synopsis, what the command does, and every
// flag with its description and default.
func (c *Command) Usage(w io.Writer) {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: %s %s\n\n", c.Name, c.Synopsis)
	wrap(&b, c.Doc, "")
	first := true
	c.VisitAll(func(f *flag.Flag) {
		if c.alias[f.Name] != "" {
			return
		}
		if first {
			b.WriteString("\nflags:\n")
			first = false
		}
		arg, desc := flag.UnquoteUsage(f)
		names := "-" + f.Name
		for _, a := range c.aliases[f.Name] {
			names += ", -" + a
		}
		if arg != "" {
			names += " " + arg
		}
		fmt.Fprintf(&b, "  %s\n", names)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" {
			desc += " (default " + f.DefValue + ")"
		}
		wrap(&b, desc, "      ")
	})
	io.WriteString(w, b.String())
}

// wrap writes text in lines of at most 78 columns, each after indent.
func wrap(b *strings.Builder, text, indent string) {
	line := indent
	for _, word := range strings.Fields(text) {
		if len(line) > len(indent) && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > 78 {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += word
	}
	b.WriteString(line + "\n")
}

// parseFlags parses args with fs, allowing flags before and after the positional
// arguments (`check public -format json` as well as `check -format json
// public`), and returns the positional arguments in order. The error is
// fs.Parse's, flag.ErrHelp included.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
