// Package cli holds what the sitectl subcommands share in reading their
// command lines.
package cli

import "flag"

// Parse parses args with fs, allowing flags before and after the positional
// arguments (`check public -format json` as well as `check -format json
// public`), and returns the positional arguments in order. The error is
// fs.Parse's, flag.ErrHelp included.
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
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
