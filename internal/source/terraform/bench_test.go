package terraform

import "testing"

// BenchmarkCorpusDirs reads every Terraform root directory of the shared
// corpus (HCL parsed and evaluated, modules followed, mapped to the
// model) and reports directories per second and allocations.
//
//	go test ./internal/source/terraform -run XXX -bench CorpusDirs -benchtime 3x
func BenchmarkCorpusDirs(b *testing.B) {
	roots, _ := corpusDirs(b, corpusRoot(b))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range roots {
			if _, _, _, err := ReadDir(d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(roots)*b.N)/b.Elapsed().Seconds(), "dirs/s")
}
