//go:build !linux && !darwin

package main

import "os"

// terminalWidth returns 0: the width is not asked of the terminal here
// ($COLUMNS still sets it).
func terminalWidth(*os.File) int { return 0 }
