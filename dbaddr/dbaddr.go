// Package dbaddr is the address of a case database on a PostgreSQL server
// as a coordinator gives it: host, port, database, user and whether the
// connection is encrypted, and the rule that a server not on this machine
// is reached only over TLS. The storage package reads the same addresses
// (postgres://USER@HOST:PORT/DATABASE?sslmode=…); the desktop's form builds
// them here.
package dbaddr

import (
	"fmt"
	"net"
	neturl "net/url"
	"strconv"
	"strings"

	"casemanager/cdop"
)

// DefaultPort is PostgreSQL's port.
const DefaultPort = 5432

// TLS is how a connection is encrypted: PostgreSQL's sslmode.
type TLS string

// The encryptions the form offers.
const (
	// VerifyFull encrypts and checks the server's certificate and name.
	VerifyFull TLS = "verify-full"
	// Require encrypts without checking the certificate (a server whose
	// certificate this machine cannot check).
	Require TLS = "require"
	// Off does not encrypt: only for a server on this machine.
	Off TLS = "disable"
)

// Server is a connection to a case database on a server. It holds no
// password: that is asked for, or kept in the operating system's
// credential store (package credstore), never with the address.
type Server struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Database string `json:"database"`
	User     string `json:"user"`
	TLS      TLS    `json:"tls"`
}

// IsLocal reports whether host is this machine: a Unix socket's folder,
// localhost or a loopback address. Only such a server may be reached
// without TLS.
func IsLocal(host string) bool {
	if strings.HasPrefix(host, "/") || strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Check refuses, in one sentence naming the field, a connection the form
// cannot make: a part missing or malformed, or a server not on this
// machine reached without TLS.
func (s Server) Check() error {
	switch {
	case strings.TrimSpace(s.Host) == "":
		return cdop.Errorf(cdop.EINVALID, "Server: type the name or address of the database server")
	case strings.ContainsAny(s.Host, " /?#@") && !strings.HasPrefix(s.Host, "/"):
		return cdop.Errorf(cdop.EINVALID, "Server: %q is not a server's name or address", s.Host)
	case s.Port < 1 || s.Port > 65535:
		return cdop.Errorf(cdop.EINVALID, "Port: %d is not a port number (1 to 65535; PostgreSQL's is %d)", s.Port, DefaultPort)
	case strings.TrimSpace(s.Database) == "":
		return cdop.Errorf(cdop.EINVALID, "Database: type the name of the case database on the server")
	case strings.TrimSpace(s.User) == "":
		return cdop.Errorf(cdop.EINVALID, "Server user: type the user name the server's administrator gave you")
	}
	switch s.TLS {
	case VerifyFull, Require, "verify-ca":
	case Off, "", "allow", "prefer": // prefer and allow fall back to clear text
		if !IsLocal(s.Host) {
			return cdop.Errorf(cdop.EINVALID, "Encryption: the server %s is not on this computer, so the connection must be encrypted; choose \"%s\" (or \"%s\" where the server's certificate cannot be checked)",
				s.Host, VerifyFull.Label(), Require.Label())
		}
	default:
		return cdop.Errorf(cdop.EINVALID, "Encryption: %q is not a kind of connection the program knows", string(s.TLS))
	}
	return nil
}

// Label is how the form names an encryption.
func (t TLS) Label() string {
	switch t {
	case VerifyFull:
		return "Encrypted, server's certificate checked"
	case Require:
		return "Encrypted, certificate not checked"
	default:
		return "Not encrypted (this computer only)"
	}
}

// TLSChoices are the encryptions the form offers, safest first.
var TLSChoices = []TLS{VerifyFull, Require, Off}

// URL is the address storage opens: postgres://USER@HOST:PORT/DATABASE
// with its sslmode; never a password.
func (s Server) URL() string {
	u := neturl.URL{Scheme: "postgres", User: neturl.User(s.User), Path: "/" + s.Database}
	q := neturl.Values{}
	if strings.HasPrefix(s.Host, "/") {
		q.Set("host", s.Host) // a Unix socket's folder
		q.Set("port", strconv.Itoa(s.Port))
	} else {
		u.Host = net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	}
	tls := s.TLS
	if tls == "" {
		tls = Off
	}
	q.Set("sslmode", string(tls))
	u.RawQuery = q.Encode()
	return u.String()
}

// Account names the connection in the credential store, and in the list
// of recent connections: USER@HOST:PORT/DATABASE.
func (s Server) Account() string {
	return fmt.Sprintf("%s@%s:%d/%s", s.User, s.Host, s.Port, s.Database)
}

// Parse reads an address of the form URL gives (the --db of a desktop
// started on a server) back into its parts; what it cannot place is
// refused.
func Parse(address string) (Server, error) {
	u, err := neturl.Parse(address)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return Server{}, cdop.Errorf(cdop.EINVALID, "%s is not a PostgreSQL address (postgres://USER@HOST:PORT/DATABASE)", redact(address))
	}
	s := Server{Host: u.Hostname(), Port: DefaultPort, Database: strings.TrimPrefix(u.Path, "/"), TLS: TLS(u.Query().Get("sslmode"))}
	if u.User != nil {
		s.User = u.User.Username()
	}
	if h := u.Query().Get("host"); h != "" && s.Host == "" {
		s.Host = h
	}
	port := u.Port()
	if port == "" {
		port = u.Query().Get("port")
	}
	if port != "" {
		if s.Port, err = strconv.Atoi(port); err != nil {
			return Server{}, cdop.Errorf(cdop.EINVALID, "%s: %q is not a port number", redact(address), port)
		}
	}
	if s.TLS == "" {
		s.TLS = Off
	}
	return s, nil
}

// redact drops a password from an address shown in a message.
func redact(address string) string {
	u, err := neturl.Parse(address)
	if err != nil {
		return "the database address"
	}
	if u.User != nil {
		u.User = neturl.User(u.User.Username())
	}
	return u.String()
}
