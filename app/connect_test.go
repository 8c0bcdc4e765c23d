package app_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/credstore"
	"casemanager/dbaddr"
	"casemanager/memstore"
)

// opened is one call of the connection form's Open.
type opened struct{ address, password string }

// connectHarness is the app with File → Open a database on a server…,
// over a fake Open that records what it was asked and answers refuse.
type connectHarness struct {
	*harness
	creds     *credstore.Memory
	prefs     fyne.Preferences
	opens     []opened
	refuse    error
	connected []dbaddr.Server
}

func newConnectHarness(t *testing.T, creds *credstore.Memory) *connectHarness {
	t.Helper()
	a := test.NewTempApp(t)
	c := &connectHarness{creds: creds, prefs: a.Preferences()}
	s := memstore.New(cdop.FixedClock(today))
	w := newWindow(t)
	cfg := app.ConnectConfig{
		Prefs: c.prefs, Credentials: creds,
		Open: func(_ context.Context, address, password string) error {
			c.opens = append(c.opens, opened{address, password})
			return c.refuse
		},
		Connected: func(s dbaddr.Server) { c.connected = append(c.connected, s) },
	}
	c.harness = &harness{t: t, window: w, store: s}
	c.ui = app.New(w, app.Services{Cases: s, Flow: s, Meetings: s}, cdop.FixedClock(today), "ui-test", app.ApplyOnWait(), app.ConnectToServer(cfg))
	t.Cleanup(c.ui.Close)
	c.ui.Wait()
	return c
}

// prefsHold reports whether any preference holds text.
func (c *connectHarness) prefsHold(text string) bool {
	found := false
	c.prefs.(interface{ ReadValues(func(map[string]any)) }).ReadValues(func(values map[string]any) {
		for k, v := range values {
			if strings.Contains(k+fmt.Sprint(v), text) {
				found = true
			}
		}
	})
	return found
}

func (c *connectHarness) message() string {
	return strings.Join(c.dialogText(), "\n")
}

// A coordinator fills in a server connection. A server not on this
// computer without encryption is refused with one sentence; an encrypted
// one connects, and is remembered among the recent connections without its
// password; the password goes to the credential store only when Remember
// is ticked, and is used from there next time.
func TestConnectFormOpensAServerAndKeepsThePasswordOnlyWhenAsked(t *testing.T) {
	creds := &credstore.Memory{}
	c := newConnectHarness(t, creds)
	const secret = "server secret 1"

	c.ui.ShowConnect()
	c.typeInto("Server", "db.example.org")
	c.typeInto("Database", "cdop")
	c.typeInto("Server user", "jane")
	c.choose("Encryption", dbaddr.Off.Label())
	c.typeInto("Password", secret)
	c.tap("Connect")
	c.ui.Wait()
	if want := "Encryption: the server db.example.org is not on this computer, so the connection must be encrypted"; !strings.Contains(c.message(), want) {
		t.Fatalf("the form says:\n%s\nwant %q", c.message(), want)
	}
	if len(c.opens) != 0 {
		t.Fatalf("a connection without TLS to another computer was tried: %+v", c.opens)
	}

	c.choose("Encryption", dbaddr.VerifyFull.Label())
	if got := as[widget.Entry](c.field("Password")).Text; got != secret {
		t.Fatalf("the password typed was lost after the refusal: %q", got)
	}
	c.tap("Connect")
	c.ui.Wait()
	want := opened{"postgres://jane@db.example.org:5432/cdop?sslmode=verify-full", secret}
	if len(c.opens) != 1 || c.opens[0] != want {
		t.Fatalf("Open was asked %+v, want %+v", c.opens, want)
	}
	if len(c.connected) != 1 || c.connected[0].Account() != "jane@db.example.org:5432/cdop" {
		t.Fatalf("connected %+v", c.connected)
	}
	if c.window.Canvas().Overlays().Top() != nil {
		t.Error("the form stayed open after connecting")
	}
	if got := creds.Accounts(); len(got) != 0 {
		t.Errorf("Remember was not ticked, yet the store keeps %v", got)
	}
	if !c.prefsHold("db.example.org") {
		t.Error("the connection is not among the recent ones in the preferences")
	}
	if c.prefsHold(secret) {
		t.Fatal("the preferences hold the server's password")
	}

	// Next time the recent connection fills the form; Remember ticked
	// keeps the password in the credential store, and only there.
	c.ui.ShowConnect()
	if got := as[widget.Entry](c.field("Server")).Text; got != "db.example.org" {
		t.Fatalf("the form opens with server %q, want the recent connection", got)
	}
	c.typeInto("Password", secret)
	test.Tap(checkLabelled(c.harness, "Remember the password in this computer's credential store"))
	c.tap("Connect")
	c.ui.Wait()
	if got, err := creds.Get("jane@db.example.org:5432/cdop"); err != nil || got != secret {
		t.Fatalf("credential store holds %q, %v; want the password", got, err)
	}
	if c.prefsHold(secret) {
		t.Fatal("the preferences hold the server's password")
	}

	// With the password kept, Password may be left empty.
	c.ui.ShowConnect()
	if !strings.Contains(c.message(), "kept in this computer's credential store") {
		t.Errorf("the form does not say the password is kept:\n%s", c.message())
	}
	c.tap("Connect")
	c.ui.Wait()
	if last := c.opens[len(c.opens)-1]; last.password != secret {
		t.Fatalf("connected with password %q, want the kept one", last.password)
	}

	// A wrong password (changed on the server): said, and the kept one
	// is forgotten.
	c.refuse = cdop.Errorf(cdop.EUNAUTHENTICATED, "the database server refused the connection: its user name or password is wrong")
	c.ui.ShowConnect()
	c.tap("Connect")
	c.ui.Wait()
	if !strings.Contains(c.message(), "The database server refused the connection: its user name or password is wrong.") {
		t.Errorf("after a refused password the form says:\n%s", c.message())
	}
	if got := creds.Accounts(); len(got) != 0 {
		t.Errorf("the refused password is still kept: %v", got)
	}
}

// Where no credential store answers (a Linux machine without D-Bus), the
// form says why, Remember cannot be ticked, and the password typed is used
// and kept nowhere.
func TestConnectFormWithoutACredentialStoreAsksEachTime(t *testing.T) {
	creds := &credstore.Memory{Unavailable: errors.New("this computer's credential store cannot be reached (no D-Bus session), so the password is asked each time")}
	c := newConnectHarness(t, creds)
	c.ui.ShowConnect()
	if !strings.Contains(c.message(), "This computer's credential store cannot be reached (no D-Bus session), so the password is asked each time.") {
		t.Errorf("the form does not say why the password is asked:\n%s", c.message())
	}
	if !checkLabelled(c.harness, "Remember the password in this computer's credential store").Disabled() {
		t.Error("Remember can be ticked with no credential store")
	}
	c.typeInto("Server", "127.0.0.1")
	c.typeInto("Database", "cdop")
	c.typeInto("Server user", "sam")
	c.choose("Encryption", dbaddr.Off.Label()) // this computer: allowed
	c.tap("Connect")
	c.ui.Wait()
	if !strings.Contains(c.message(), "Password: type the password of the server user sam.") {
		t.Errorf("an empty password: the form says\n%s", c.message())
	}
	c.typeInto("Password", "local secret 2")
	c.tap("Connect")
	c.ui.Wait()
	if len(c.opens) != 1 || c.opens[0] != (opened{"postgres://sam@127.0.0.1:5432/cdop?sslmode=disable", "local secret 2"}) {
		t.Fatalf("Open was asked %+v", c.opens)
	}
	if c.prefsHold("local secret 2") {
		t.Fatal("the preferences hold the server's password")
	}
}

// checkLabelled finds the check box with text on screen.
func checkLabelled(h *harness, text string) *widget.Check {
	h.t.Helper()
	c := as[widget.Check](h.find(func(o fyne.CanvasObject) bool {
		c := as[widget.Check](o)
		return c != nil && c.Text == text
	}))
	if c == nil {
		h.t.Fatalf("no check box %q on screen", text)
	}
	return c
}
