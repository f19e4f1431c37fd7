package l10n

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/afero"
)

const usage = `usage:
  i18n [-format text|json|markdown|github|data] [-strict] [-root DIR]
      report the translation status of the site in DIR
  i18n stamp [-root DIR] FILE...
      record in each translation FILE (a content page, or an i18n file
      such as i18n/ko.toml) the English source it now matches
`

// Main runs the i18n command on the real disk and returns its exit status:
// 0, 1 when -strict finds something missing, stale or broken (Failed), and
// 2 when it cannot run. args are the command's arguments; a leading "i18n" is
// skipped, so both sitectl's os.Args[1:] and os.Args[2:] work.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "i18n" {
		args = args[1:]
	}
	var err error
	code := 0
	if len(args) > 0 && args[0] == "stamp" {
		err = runStamp(ctx, args[1:], stdout, stderr)
	} else {
		code, err = runStatus(ctx, args, stdout, stderr)
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errReported):
		return 2
	case errors.Is(err, errUsage):
		fmt.Fprint(stderr, usage)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "i18n: %v\n", err)
		return 2
	}
	return code
}

var (
	errUsage    = errors.New("usage")            // Main prints the usage
	errReported = errors.New("reported by flag") // the flag package printed it
)

func flags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	root := fs.String("root", ".", "the site's root `directory`, which holds hugo.toml")
	return fs, root
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errReported
	}
	return nil
}

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs, root := flags("i18n", stderr)
	format := fs.String("format", "text", "report `format`: text, json, markdown, github (Actions annotations), or data (what templates read)")
	strict := fs.Bool("strict", false, "exit 1 if anything is missing, stale, unstamped or broken, or a translation's structure differs from the source's")
	if err := parse(fs, args); err != nil {
		return 0, err
	}
	if fs.NArg() > 0 {
		return 0, errUsage
	}
	f, ok := Formats[*format]
	if !ok {
		names := make([]string, 0, len(Formats))
		for n := range Formats {
			names = append(names, n)
		}
		slices.Sort(names)
		return 0, fmt.Errorf("unknown format %q (want %s)", *format, strings.Join(names, ", "))
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := checkRoot(*root); err != nil {
		return 0, err
	}
	r, err := Status(osFs(*root), Options{})
	if err != nil {
		return 0, err
	}
	if err := f.Format(stdout, r); err != nil {
		return 0, err
	}
	if *strict && r.Failed() {
		return 1, nil
	}
	return 0, nil
}

func runStamp(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, root := flags("i18n stamp", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errUsage
	}
	if err := checkRoot(*root); err != nil {
		return err
	}
	fsys := osFs(*root)
	var errs []error
	for _, arg := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		file, err := siteRelative(*root, arg)
		if err == nil {
			err = Stamp(fsys, file, Options{})
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintf(stdout, "stamped %s\n", file)
	}
	return errors.Join(errs...)
}

// checkRoot fails unless root holds a site configuration: in any other
// folder (a typo of -root, the wrong working folder) Status would report an
// empty site, complete, and -strict would pass.
func checkRoot(root string) error {
	for _, name := range configFiles {
		if fi, err := os.Stat(filepath.Join(root, name)); err == nil && !fi.IsDir() {
			return nil
		}
	}
	return fmt.Errorf("no site configuration (hugo.toml) in %s: run in the site's folder, or give it with -root", root)
}

func osFs(root string) afero.Fs {
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	return afero.NewBasePathFs(afero.NewOsFs(), root)
}

// siteRelative turns a FILE argument into a slash path from the site root.
// It is taken relative to the working directory, as a shell completes
// it, or else relative to root.
func siteRelative(root, file string) (string, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	if abs, err := filepath.Abs(file); err == nil {
		rel, err := filepath.Rel(absRoot, abs)
		if _, statErr := os.Stat(abs); err == nil && statErr == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel), nil
		}
	}
	if !filepath.IsAbs(file) {
		if _, err := os.Stat(filepath.Join(absRoot, file)); err == nil {
			return filepath.ToSlash(filepath.Clean(file)), nil
		}
	}
	return "", fmt.Errorf("%s: no such file in %s", file, root)
}
