package main

import (
	"context"
	"io"

	"legalcenter/internal/checkcmd"
)

// runCheck runs "sitectl check" (package checkcmd, which sitecheck runs too).
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return checkcmd.Run(ctx, "sitectl check", args, stdout, stderr)
}
