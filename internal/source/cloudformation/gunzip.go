package cloudformation

import (
	"bytes"
	"compress/gzip"
	"io"
)

// gunzip returns the decompressed bytes of a gzipped table embedded in the
// binary. The tables are written by go generate and checked by a test, so
// a failure here is a build defect: it panics at start-up, naming it.
func gunzip(gz []byte) []byte {
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err == nil {
		var b []byte
		if b, err = io.ReadAll(r); err == nil {
			return b
		}
	}
	panic("embedded table: " + err.Error())
}
