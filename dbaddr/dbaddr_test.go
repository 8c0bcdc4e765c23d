package dbaddr_test

import (
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/dbaddr"
)

func TestServer_Check(t *testing.T) {
	ok := dbaddr.Server{Host: "db.example.org", Port: 5432, Database: "cdop", User: "jane", TLS: dbaddr.VerifyFull}
	with := func(f func(*dbaddr.Server)) dbaddr.Server { s := ok; f(&s); return s }
	tests := []struct {
		name string
		s    dbaddr.Server
		want string // "" for accepted; else words the refusal holds
	}{
		{"a remote server, certificate checked", ok, ""},
		{"a remote server, encrypted unchecked", with(func(s *dbaddr.Server) { s.TLS = dbaddr.Require }), ""},
		{"a remote server without TLS", with(func(s *dbaddr.Server) { s.TLS = dbaddr.Off }),
			"Encryption: the server db.example.org is not on this computer, so the connection must be encrypted"},
		{"a remote address without TLS", with(func(s *dbaddr.Server) { s.Host, s.TLS = "10.0.0.7", dbaddr.Off }), "10.0.0.7 is not on this computer"},
		{"localhost without TLS", with(func(s *dbaddr.Server) { s.Host, s.TLS = "localhost", dbaddr.Off }), ""},
		{"loopback without TLS", with(func(s *dbaddr.Server) { s.Host, s.TLS = "127.0.0.1", dbaddr.Off }), ""},
		{"IPv6 loopback without TLS", with(func(s *dbaddr.Server) { s.Host, s.TLS = "::1", dbaddr.Off }), ""},
		{"a Unix socket without TLS", with(func(s *dbaddr.Server) { s.Host, s.TLS = "/run/postgresql", dbaddr.Off }), ""},
		{"no host", with(func(s *dbaddr.Server) { s.Host = " " }), "Server: type the name"},
		{"a host with a path", with(func(s *dbaddr.Server) { s.Host = "db/x" }), `Server: "db/x" is not`},
		{"port 0", with(func(s *dbaddr.Server) { s.Port = 0 }), "Port: 0 is not a port number"},
		{"port too high", with(func(s *dbaddr.Server) { s.Port = 70000 }), "Port: 70000"},
		{"no database", with(func(s *dbaddr.Server) { s.Database = "" }), "Database: type the name"},
		{"no user", with(func(s *dbaddr.Server) { s.User = "" }), "Server user: type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Check()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Check = %v, want accepted", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || cdop.ErrorCode(err) != cdop.EINVALID {
				t.Fatalf("Check = %v (code %q), want EINVALID holding %q", err, cdop.ErrorCode(err), tt.want)
			}
		})
	}
}

// The form's connection makes the address storage opens, and a desktop
// started on an address fills the form with it again.
func TestServer_URLRoundTrips(t *testing.T) {
	for _, s := range []dbaddr.Server{
		{Host: "db.example.org", Port: 5432, Database: "cdop", User: "jane", TLS: dbaddr.VerifyFull},
		{Host: "127.0.0.1", Port: 6543, Database: "cdop test", User: "o'brien", TLS: dbaddr.Off},
		{Host: "::1", Port: 5433, Database: "cdop", User: "sam", TLS: dbaddr.Require},
		{Host: "/run/postgresql", Port: 5432, Database: "cdop", User: "sam", TLS: dbaddr.Off},
	} {
		url := s.URL()
		if strings.Contains(url, ":@") {
			t.Errorf("%s holds an empty password", url)
		}
		got, err := dbaddr.Parse(url)
		if err != nil {
			t.Fatalf("Parse(%s): %v", url, err)
		}
		if got != s {
			t.Errorf("Parse(%s) = %+v, want %+v", url, got, s)
		}
	}
	if got, want := (dbaddr.Server{Host: "db.example.org", Port: 5432, Database: "cdop", User: "jane"}).Account(), "jane@db.example.org:5432/cdop"; got != want {
		t.Errorf("Account = %q, want %q", got, want)
	}
}

func TestParse_RefusesWhatIsNoServerAddress(t *testing.T) {
	for _, in := range []string{"C:\\cdop\\cdop.db", "postgres://jane:secret@db.example.org:x/cdop", "mysql://db/cdop"} {
		_, err := dbaddr.Parse(in)
		if err == nil {
			t.Errorf("Parse(%q) accepted", in)
			continue
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("Parse(%q) = %v: the message shows the password", in, err)
		}
	}
}
