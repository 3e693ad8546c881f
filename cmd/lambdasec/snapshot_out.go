package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/lambdasec/lambdasec/internal/inventory"
	"github.com/lambdasec/lambdasec/internal/source/snapshot"
)

// writeSnapshot writes the snapshot (created at createdAt) of the estates
// produce puts, to output ("" or "-" for stdout), each estate as soon as
// it is put: produce calls put(i, e) once per estate, in any order, with i
// its position in the snapshot (0-based); put writes e at once when every
// position before i is written, and otherwise keeps its encoding in a
// spill file beside output until then (snapshot.Ordered), so e can be
// released as soon as put returns. The bytes are those snapshot.Write
// writes for the estates in position order. put is not safe for
// concurrent use.
//
// A file is written whole or not at all: to a temporary file in output's
// directory, renamed to output once produce and the writing succeed, and
// removed when either fails (output is then left as it was). A device or
// pipe (-o /dev/stdout) is written directly. Standard output gets nothing
// when produce fails before its first estate; a failure after it leaves
// what was written.
func writeSnapshot(stdout io.Writer, output string, createdAt time.Time, produce func(put func(int, *inventory.Estate) error) error) (err error) {
	name, dest, dir := "standard output", stdout, ""
	var tmp *os.File
	if output != "" && output != "-" {
		name, dir = output, filepath.Dir(output)
		if st, serr := os.Stat(output); serr == nil && !st.Mode().IsRegular() {
			// Renaming over a device would replace it with a file.
			f, oerr := os.OpenFile(output, os.O_WRONLY, 0)
			if oerr != nil {
				return fmt.Errorf("write %s: %w", name, oerr)
			}
			defer func() {
				if cerr := f.Close(); err == nil && cerr != nil {
					err = fmt.Errorf("write %s: %w", name, cerr)
				}
			}()
			dest, dir = f, ""
		} else {
			if tmp, err = os.CreateTemp(dir, "."+filepath.Base(output)+".*.tmp"); err != nil {
				return fmt.Errorf("write %s: %w", name, err)
			}
			defer func() {
				if tmp != nil { // not renamed
					tmp.Close()
					os.Remove(tmp.Name())
				}
			}()
			dest = tmp
		}
	}

	// The header is written with the first estate, so that a collection
	// failing before any account writes nothing to standard output.
	var ordered *snapshot.Ordered
	start := func() error {
		if ordered != nil {
			return nil
		}
		sw, err := snapshot.NewWriter(dest, "lambdasec "+toolVersion(), createdAt)
		if err != nil {
			return err
		}
		ordered = snapshot.NewOrdered(sw, dir)
		return nil
	}
	defer func() {
		if ordered != nil && err != nil {
			ordered.Discard() // removes the spill file
		}
	}()
	err = produce(func(i int, e *inventory.Estate) error {
		if err := start(); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := ordered.Estate(i, e); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err = start(); err == nil {
		err = ordered.Close()
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if tmp == nil {
		return nil
	}
	if err = tmp.Chmod(0o600); err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), output)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	tmp = nil
	return nil
}
