package demo

import "strconv"

// localAuthority is a local authority of the footprint, with the outward
// codes of its postcodes. The districts are real West Yorkshire ones; the
// inward codes are generated, so a postcode names no real address.
type localAuthority struct {
	name      string
	code      string  // the ONS code, as a case records it
	weight    float64 // share of the footprint's children
	districts []string
}

var localAuthorities = []localAuthority{
	{"Leeds", "E08000035", 36, districts("LS", 1, 17, 25, 28)},
	{"Bradford", "E08000032", 24, districts("BD", 1, 22)},
	{"Kirklees", "E08000034", 19, append(districts("HD", 1, 9), districts("WF", 12, 17)...)},
	{"Wakefield", "E08000036", 15, districts("WF", 1, 11)},
	{"Calderdale", "E08000033", 6, append(districts("HX", 1, 7), "OL14")},
}

// districts returns area+n for each n in the inclusive ranges from, to, ....
func districts(area string, ranges ...int) []string {
	var out []string
	for i := 0; i+1 < len(ranges); i += 2 {
		for n := ranges[i]; n <= ranges[i+1]; n++ {
			out = append(out, area+strconv.Itoa(n))
		}
	}
	return out
}

// inwardLetters are the letters a postcode's inward code may use.
const inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

// imdDeciles weights the deprivation decile of residence towards the most
// deprived, as child deaths are.
var imdDeciles = []weighted[int]{
	{1, 22}, {2, 16}, {3, 12}, {4, 10}, {5, 8}, {6, 8}, {7, 7}, {8, 6}, {9, 6}, {10, 5},
}
