package secrets

// visitFunc receives each file a code walk reads: its slash-separated
// path inside the package or directory ("lib/a.jar!/App.class" inside a
// nested archive), and its content.
type visitFunc func(res *CodeResult, name string, content []byte)

// Files reads the code at root — a directory (a SAM CodeUri), a zip
// package, or a single file — with the same defences as Dir and Zip (no
// symbolic link followed, no entry escaping the package, zip bombs and
// oversized files skipped, dependency and cache directories left out,
// every limit of lim applied), and calls visit with each file read, in
// walk order. The result counts the files and bytes read and lists every
// part not read as a problem; it holds no hits. Other analyses of a
// function's code (internal/needs/code) read packages through it.
func Files(root string, lim Limits, visit func(name string, content []byte)) CodeResult {
	return walkDir(root, lim, func(res *CodeResult, name string, content []byte) {
		res.Files++
		visit(name, content)
	})
}
