package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// storageRoot is the app's own data folder: Fyne's storage root for the app
// ID, worked out here as Fyne does, so headless commands find the same
// database as the desktop app without starting a windowing driver.
func storageRoot() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the home folder: %w", err)
	}
	switch runtime.GOOS {
	case "windows":
		return filepath.Join(home, "AppData", "Roaming", "fyne", appID), nil
	case "darwin":
		return filepath.Join(home, "Library", "Preferences", "fyne", appID), nil
	}
	config, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the configuration folder: %w", err)
	}
	return filepath.Join(config, "fyne", appID), nil
}

// defaultDatabase is the database in the app's data folder, whose folder is
// created if missing.
func defaultDatabase() (string, error) {
	dir, err := storageRoot()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("creating the data folder %s: %w", dir, err)
	}
	return filepath.Join(dir, "cdop.db"), nil
}
