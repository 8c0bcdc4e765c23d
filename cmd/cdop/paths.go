package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"casemanager/datadir"
	"casemanager/release"
)

// dataGroups are the files the app keeps in its data folder that move
// together from an older version's folder: the database with its
// write-ahead log, and the pseudonym key.
var dataGroups = [][]string{{"cdop.db", "cdop.db-wal", "cdop.db-shm"}, {pseudonymKeyFile}}

// storageRoot is the app's own data folder (see datadir.Folder): on Linux
// and macOS Fyne's storage root for the app ID, worked out here as Fyne
// does so that headless commands find the same database as the desktop
// app without starting a windowing driver; on Windows the local (not
// roaming) application data folder.
func storageRoot() (string, error) {
	e, err := datadir.Current()
	if err != nil {
		return "", err
	}
	return datadir.Folder(e, release.AppID), nil
}

// defaultDatabase is the database in the app's data folder, whose folder is
// created if missing. On Windows, a database and key that an older version
// kept in the roaming profile are moved here the first time.
func defaultDatabase() (string, error) {
	e, err := datadir.Current()
	if err != nil {
		return "", err
	}
	dir := datadir.Folder(e, release.AppID)
	moved, err := datadir.MoveOnce(datadir.LegacyFolder(e, release.AppID), dir, dataGroups)
	for _, m := range moved {
		log.Printf("moved %v from %s to %s", m.Files, datadir.LegacyFolder(e, release.AppID), dir)
	}
	if err != nil {
		return "", fmt.Errorf("moving the data of an older version: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("creating the data folder %s: %w", dir, err)
	}
	return filepath.Join(dir, "cdop.db"), nil
}
