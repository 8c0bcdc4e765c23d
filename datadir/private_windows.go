package datadir

import (
	"fmt"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
)

// PrivateAdvice says how a user makes a file private to them.
const PrivateAdvice = "in the file's Properties, Security, leave only your own account"

// readAccess is any right that reads a file's contents.
const readAccess = windows.FILE_READ_DATA | windows.GENERIC_READ | windows.GENERIC_ALL

// MakePrivate replaces the file's access control list with one entry, full
// control for the current user, and stops it inheriting any other.
func MakePrivate(path string) error {
	user, err := currentUserSID()
	if err != nil {
		return fmt.Errorf("making %s private: %w", path, err)
	}
	acl, err := windows.ACLFromEntries([]windows.EXPLICIT_ACCESS{{
		AccessPermissions: windows.GENERIC_ALL,
		AccessMode:        windows.GRANT_ACCESS,
		Inheritance:       windows.NO_INHERITANCE,
		Trustee: windows.TRUSTEE{
			TrusteeForm:  windows.TRUSTEE_IS_SID,
			TrusteeType:  windows.TRUSTEE_IS_USER,
			TrusteeValue: windows.TrusteeValueFromSID(user),
		},
	}}, nil)
	if err != nil {
		return fmt.Errorf("making %s private: %w", path, err)
	}
	err = windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, acl, nil)
	if err != nil {
		return fmt.Errorf("making %s private: %w", path, err)
	}
	return nil
}

// Exposure describes who else can read the file at path, e.g. "can be
// read by other accounts (BUILTIN\Users)", or "" when only its owner (with
// SYSTEM and the Administrators) can.
func Exposure(path string) (string, error) {
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.OWNER_SECURITY_INFORMATION)
	if err != nil {
		return "", fmt.Errorf("reading who can open %s: %w", path, err)
	}
	owner, _, err := sd.Owner()
	if err != nil {
		return "", fmt.Errorf("reading who owns %s: %w", path, err)
	}
	user, err := currentUserSID()
	if err != nil {
		return "", err
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		return "", fmt.Errorf("reading who can open %s: %w", path, err)
	}
	if dacl == nil {
		return "can be read by everyone (it has no access control list)", nil
	}
	var others []string
	for i := 0; i < int(dacl.AceCount); i++ {
		var ace *windows.ACCESS_ALLOWED_ACE
		if err := windows.GetAce(dacl, uint32(i), &ace); err != nil {
			return "", fmt.Errorf("reading who can open %s: %w", path, err)
		}
		if ace.Header.AceType != windows.ACCESS_ALLOWED_ACE_TYPE || ace.Mask&readAccess == 0 {
			continue
		}
		sid := (*windows.SID)(unsafe.Pointer(&ace.SidStart))
		if sid.Equals(user) || (owner != nil && sid.Equals(owner)) ||
			sid.IsWellKnown(windows.WinLocalSystemSid) || sid.IsWellKnown(windows.WinBuiltinAdministratorsSid) ||
			sid.IsWellKnown(windows.WinCreatorOwnerSid) {
			continue
		}
		others = append(others, accountName(sid))
	}
	if len(others) > 0 {
		return "can be read by other accounts (" + strings.Join(others, ", ") + ")", nil
	}
	return "", nil
}

func currentUserSID() (*windows.SID, error) {
	token, err := windows.OpenCurrentProcessToken()
	if err != nil {
		return nil, fmt.Errorf("finding the current user: %w", err)
	}
	defer token.Close()
	u, err := token.GetTokenUser()
	if err != nil {
		return nil, fmt.Errorf("finding the current user: %w", err)
	}
	return u.User.Sid.Copy()
}

// accountName names the account of sid, as DOMAIN\name where it can.
func accountName(sid *windows.SID) string {
	account, domain, _, err := sid.LookupAccount("")
	switch {
	case err != nil:
		return sid.String()
	case domain != "":
		return domain + `\` + account
	}
	return account
}
