package report

// appendIndented appends to dst the JSON value compact, which must be what
// json.Marshal wrote (valid, with no space outside strings), indented as
// json.Indent(dst, compact, prefix, indent) indents it, byte for byte.
// json.MarshalIndent marshals, then runs json.Indent's validating scanner
// over every byte; for the millions of findings of a large report that
// second pass took an eighth of a scan's CPU. This one only tracks
// strings and nesting, which is all a valid compact value needs.
func appendIndented(dst, compact []byte, prefix, indent string) []byte {
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range depth {
			dst = append(dst, indent...)
		}
	}
	for i := 0; i < len(compact); i++ {
		c := compact[i]
		switch c {
		case '"':
			// Copy the string whole: up to its closing quote, past
			// escaped characters.
			j := i + 1
			for j < len(compact) && compact[j] != '"' {
				if compact[j] == '\\' {
					j++
				}
				j++
			}
			dst = append(dst, compact[i:min(j+1, len(compact))]...)
			i = j
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(compact) && (compact[i+1] == '}' || compact[i+1] == ']') {
				dst = append(dst, compact[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
