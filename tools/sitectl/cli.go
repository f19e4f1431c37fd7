package main

import (
	"io"

	"legalcenter/internal/cli"
)

// command is the command line of a sitectl subcommand (package cli).
type command = cli.Command

// Exit statuses shared by the subcommands.
const (
	exitOK    = cli.ExitOK
	exitFail  = cli.ExitFail
	exitUsage = cli.ExitUsage
	// exitInterrupted is a shell's code for a command ended by Ctrl-C or
	// SIGTERM.
	exitInterrupted = 130
)

// newCommand returns the subcommand "sitectl name" ("build", "i18n stamp").
func newCommand(name, synopsis, doc string, stdout, stderr io.Writer) *command {
	return cli.New("sitectl "+name, synopsis, doc, stdout, stderr)
}
