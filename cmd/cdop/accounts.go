package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"casemanager/cdop"
)

// newPassword reads the new password a command sets from CDOP_NEW_PASSWORD.
func newPassword() (string, error) {
	p := os.Getenv("CDOP_NEW_PASSWORD")
	if p == "" {
		return "", usagef("set CDOP_NEW_PASSWORD to the new password (at least %d characters)", cdop.MinPasswordLength)
	}
	return p, nil
}

// runUsers manages accounts: add, list, disable, enable, reset.
func runUsers(e *env, args []string) error {
	fs := newFlags("users")
	rolesText := fs.String("roles", "", "with add: the user's roles, comma separated ("+strings.Join(cdop.Roles.Codes(), ", ")+")")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usagef("say what to do: cdop users add NAME --roles R[,R…] | list | disable NAME | enable NAME | reset NAME")
	}
	verb, names := rest[0], rest[1:]
	wantName := func() (string, error) {
		if len(names) != 1 {
			return "", usagef("name one user: cdop users %s NAME", verb)
		}
		return names[0], nil
	}
	switch verb {
	case "list", "add", "disable", "enable", "reset":
	default:
		return usagef("%q is not something users does; use add, list, disable, enable or reset", verb)
	}
	var name, password string
	var roles []cdop.Role
	if verb != "list" {
		if name, err = wantName(); err != nil {
			return err
		}
	}
	if verb == "add" {
		if roles, err = cdop.ParseRoles(*rolesText); err != nil {
			return usagef("--roles: %v", err)
		}
	}
	if verb == "add" || verb == "reset" {
		if password, err = newPassword(); err != nil {
			return err
		}
	}
	db, err := e.openAs(cdop.ActUsers)
	if err != nil {
		return err
	}
	defer db.Close()
	switch verb {
	case "list":
		users, err := db.Users(e.ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "name\troles\tstate")
		for _, u := range users {
			state := "enabled"
			switch {
			case u.Disabled:
				state = "disabled"
			case e.clock.Now().Before(u.LockedUntil):
				state = "locked until " + u.LockedUntil.Local().Format("15:04")
			}
			words := make([]string, len(u.Roles))
			for i, r := range u.Roles {
				words[i] = string(r)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Name, strings.Join(words, ","), state)
		}
		return tw.Flush()
	case "add":
		u, err := db.AddUser(e.ctx, name, roles, password)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added %s (%s)\n", u.Name, *rolesText)
	case "disable", "enable":
		if err := db.SetDisabled(e.ctx, name, verb == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%sd %s\n", verb, name)
	case "reset":
		if err := db.ResetPassword(e.ctx, name, password); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "gave %s a new password\n", name)
	}
	return nil
}

// runPasswd changes the signed-in user's own password.
func runPasswd(e *env, args []string) error {
	if rest, err := parseFlags(newFlags("passwd"), args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("passwd takes no arguments: the new password comes from CDOP_NEW_PASSWORD")
	}
	password, err := newPassword()
	if err != nil {
		return err
	}
	db, err := e.openAs(cdop.ActOwnPassword)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.ChangePassword(e.ctx, password); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "changed the password of %s\n", e.user.Name)
	return nil
}

// runAudit lists the audit trail (administrator).
func runAudit(e *env, args []string) error {
	fs := newFlags("audit")
	fromText := fs.String("from", "", "first day, YYYY-MM-DD")
	toText := fs.String("to", "", "last day, YYYY-MM-DD")
	userName := fs.String("user", "", "only this user's rows")
	ref := fs.String("case", "", "only the rows about this case reference")
	format := fs.String("format", "table", "table or csv")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	var f cdop.AuditFilter
	for _, d := range []struct {
		flag, text string
		to         *cdop.Date
	}{{"--from", *fromText, &f.From}, {"--to", *toText, &f.To}} {
		if d.text == "" {
			continue
		}
		v, err := cdop.ParseDate(d.text)
		if err != nil {
			return usagef("%s: %v", d.flag, err)
		}
		*d.to = v
	}
	if *format != "table" && *format != "csv" {
		return usagef("--format %q: use table or csv", *format)
	}
	f.User, f.CaseRef = strings.TrimSpace(*userName), strings.TrimSpace(*ref)
	db, err := e.openAs(cdop.ActAudit)
	if err != nil {
		return err
	}
	defer db.Close()
	entries, err := db.AuditTrail(e.ctx, f)
	if err != nil {
		return err
	}
	// The trail holds identifiable values: reading it is itself recorded.
	if err := db.RecordView(e.ctx, "audit log", "", len(entries)); err != nil {
		return err
	}
	out := newRowWriter(e.stdout, *format, cdop.AuditColumns)
	for _, en := range entries {
		if err := out.Write(en.Row()); err != nil {
			return err
		}
	}
	return out.Close()
}
