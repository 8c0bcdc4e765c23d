package interchange_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"casemanager/interchange"
)

// FuzzDecode feeds the decoder arbitrary files. Whatever the file, Decode
// must not panic; its problems are few, each on a line of the file, and
// echo nothing that could drive a terminal. A file it accepts must come
// back the same through the encoder: decode → encode → decode gives the
// same cases, and encoding them again the same bytes.
func FuzzDecode(f *testing.F) {
	f.Add(readExample(f))
	f.Add([]byte(reportHeader + ",Ada,Jones,2024-01-01,2024-02-01,female,,not_available,,notified,,\"two\nlines\"\n"))
	f.Add([]byte("case_ref,first_name,last_name,date_of_birth,date_of_death,sex,nhs_number_status,key_worker,summary\n" +
		",Ada,Jones,2024-01-01,2024-02-01,female,not_available,'=1+2,\"\t-NOW()\"\n"))
	f.Add([]byte("sep=;\ncase_ref;first_name\n"))
	f.Add([]byte("\xef\xbb\xbfcase_ref,first_name,\n,Ada,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cases, err := interchange.Decode(bytes.NewReader(data), today)
		if err != nil {
			var problems interchange.LineErrors
			if !errors.As(err, &problems) {
				t.Fatalf("Decode error %T %v; want LineErrors", err, err)
			}
			if len(problems) == 0 || len(problems) > 1001 {
				t.Fatalf("%d problems", len(problems))
			}
			lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 2
			for _, p := range problems {
				if p.Line < 1 || p.Line > lines {
					t.Fatalf("problem on line %d of a file of %d lines: %v", p.Line, lines, p)
				}
				if i := strings.IndexFunc(p.Column+p.Message, func(r rune) bool { return r < 0x20 || r == 0x7f }); i >= 0 {
					t.Fatalf("problem %q holds a control character", p)
				}
				if len(p.Column)+len(p.Message) > 1000 {
					t.Fatalf("problem of %d bytes: %.200q", len(p.Column)+len(p.Message), p)
				}
			}
			return
		}
		first := encode(t, cases)
		again, err := interchange.Decode(bytes.NewReader(first), today)
		if err != nil {
			t.Fatalf("the encoding of what was decoded does not decode: %v\n%q", err, first)
		}
		if !reflect.DeepEqual(again, cases) {
			for i := range cases {
				if !reflect.DeepEqual(again[i], cases[i]) {
					t.Fatalf("case %d came back as\n%+v\nnot\n%+v", i, *again[i], *cases[i])
				}
			}
			t.Fatalf("%d cases came back as %d", len(cases), len(again))
		}
		if second := encode(t, again); !bytes.Equal(first, second) {
			t.Fatalf("encode → decode → encode differs:\n%q\n%q", first, second)
		}
	})
}
