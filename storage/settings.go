package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"casemanager/cdop"
)

// settingKeys names the stored settings of whole numbers, in audit order:
// each under its cdop key.
var settingKeys = cdop.SettingNumbers

// textSettingKeys names the stored settings of text, in audit order.
var textSettingKeys = []struct {
	key string
	get func(*cdop.Settings) string
	set func(*cdop.Settings, string) error
}{
	{"disclosure_marker", func(s *cdop.Settings) string { return s.DisclosureMarker },
		func(s *cdop.Settings, v string) error { s.DisclosureMarker = v; return nil }},
	{"footprint", func(s *cdop.Settings) string { return s.Footprint },
		func(s *cdop.Settings, v string) error { s.Footprint = v; return nil }},
	{"quorum_groups", func(s *cdop.Settings) string { return cdop.FormatQuorumGroups(s.QuorumGroups) },
		func(s *cdop.Settings, v string) error {
			groups, err := cdop.ParseQuorumGroups(v)
			if err == nil && len(groups) > 0 {
				s.QuorumGroups = groups
			}
			return err
		}},
}

// extraHolidaysKey names the stored extra holidays: dates joined by " | ".
const extraHolidaysKey = cdop.ExtraHolidaysKey

// Settings returns the panel's settings: those stored, and the defaults
// (cdop.DefaultSettings) of those never saved.
func (db *DB) Settings(ctx context.Context) (cdop.Settings, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return cdop.Settings{}, err
	}
	defer tx.Rollback()
	return loadSettings(ctx, tx)
}

// SaveSettings stores the panel's settings as cdop.PrepareSettings has them
// (its refusals are returned as they are), with an audit row of what
// changed.
func (db *DB) SaveSettings(ctx context.Context, s cdop.Settings) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := saveSettings(ctx, tx, s); err != nil {
		return err
	}
	return tx.Commit()
}

func loadSettings(ctx context.Context, tx *tx) (cdop.Settings, error) {
	s := cdop.DefaultSettings
	s.ExtraHolidays = nil
	err := queryRows(ctx, tx, "SELECT key, value FROM settings", nil, func(rows *sql.Rows) error {
		var key, value string
		if err := rows.Scan(&key, &value); err != nil {
			return err
		}
		if key == extraHolidaysKey {
			for _, item := range cdop.SplitList(value) {
				d, err := cdop.ParseDate(item)
				if err != nil {
					return fmt.Errorf("setting %s: %w", key, err)
				}
				s.ExtraHolidays = append(s.ExtraHolidays, d)
			}
			return nil
		}
		for _, k := range textSettingKeys {
			if k.key == key {
				if err := k.set(&s, value); err != nil {
					return fmt.Errorf("setting %s: %w", key, err)
				}
			}
		}
		for _, k := range settingKeys {
			if k.Key == key {
				n, err := strconv.Atoi(value)
				if err != nil || n < 1 {
					return fmt.Errorf("setting %s: stored %q is not a whole number of %s, 1 or more", key, value, k.Unit)
				}
				*k.Field(&s) = n
			}
		}
		return nil // a setting this version does not know
	})
	return s, err
}

func saveSettings(ctx context.Context, tx *tx, s cdop.Settings) error {
	s, err := cdop.PrepareSettings(s)
	if err != nil {
		return err
	}
	old, err := loadSettings(ctx, tx)
	if err != nil {
		return err
	}
	var changes []cdop.FieldChange
	before, after := settingValues(old), settingValues(s)
	for i, f := range after {
		if f.value != before[i].value {
			changes = append(changes, cdop.FieldChange{Field: f.name, Old: before[i].value, New: f.value})
		}
	}
	if len(changes) == 0 {
		return nil
	}
	for _, f := range after {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, f.name, f.value); err != nil {
			return fmt.Errorf("save setting %s: %w", f.name, err)
		}
	}
	return insertAudit(ctx, tx, "", settingsAction, changes)
}

// settingValues returns every setting in its stored text form, in audit order.
func settingValues(s cdop.Settings) []field {
	out := make([]field, 0, len(settingKeys)+len(textSettingKeys)+1)
	for _, k := range settingKeys {
		out = append(out, field{k.Key, strconv.Itoa(*k.Field(&s))})
	}
	for _, k := range textSettingKeys {
		out = append(out, field{k.key, strings.TrimSpace(k.get(&s))})
	}
	holidays := make([]string, len(s.ExtraHolidays))
	for i, d := range s.ExtraHolidays {
		holidays[i] = d.String()
	}
	return append(out, field{extraHolidaysKey, strings.Join(holidays, cdop.ListSeparator)})
}
