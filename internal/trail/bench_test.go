package trail

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// benchFile is a gzipped log file of n records: the testdata records
// (mostly Lambda's), each copy with its own eventID, diluted with
// records of other services as a real trail is (nine in ten).
func benchFile(b *testing.B, n int) []byte {
	var file struct{ Records []map[string]any }
	data := logFile(&testing.T{})
	if err := json.Unmarshal(data, &file); err != nil {
		b.Fatal(err)
	}
	other := file.Records[0]
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(`{"Records":[`))
	for i := 0; i < n; i++ {
		r := other
		if i%10 == 0 {
			r = file.Records[1+i/10%(len(file.Records)-1)]
		}
		r["eventID"] = fmt.Sprintf("%08d-0000-4000-8000-000000000000", i)
		js, _ := json.Marshal(r)
		if i > 0 {
			zw.Write([]byte(","))
		}
		zw.Write(js)
	}
	zw.Write([]byte("]}"))
	zw.Close()
	return buf.Bytes()
}

// BenchmarkReadGzip reads one gzipped log file of 2,000 records; its
// MB/s is of compressed input, on one core. bench/trail.sh compares the
// whole command with gzip -dc on a generated gigabyte.
func BenchmarkReadGzip(b *testing.B) {
	data := benchFile(b, 2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		r := NewReader(Options{})
		if err := r.Read("bench.json.gz", zr); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGunzip is the decompression alone, for comparison.
func BenchmarkGunzip(b *testing.B) {
	data := benchFile(b, 2000)
	b.SetBytes(int64(len(data)))
	buf := make([]byte, 64<<10)
	for b.Loop() {
		zr, _ := gzip.NewReader(bytes.NewReader(data))
		for {
			if _, err := zr.Read(buf); err != nil {
				break
			}
		}
	}
}
