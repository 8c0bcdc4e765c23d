package demo_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"casemanager/cdop"
	"casemanager/demo"
)

// recent is three years of a large panel: enough open cases at every stage
// for the shares of records to settle.
var recent = demo.Generate(demo.Options{Years: 3, PerYear: 1000, Seed: 11, Today: today})

// directory returns the demo agencies with IDs, as a store would give them.
func directory() []cdop.Agency {
	agencies := demo.Agencies()
	for i := range agencies {
		agencies[i].ID = int64(i + 1)
	}
	return agencies
}

// filed gives each case an ID, as a store would, and returns its records.
func filed(cases []*cdop.Case, seed int64) []*cdop.CaseFile {
	agencies := directory()
	files := make([]*cdop.CaseFile, len(cases))
	for i, c := range cases {
		c = c.Clone()
		c.ID = fmt.Sprintf("case-%d", i)
		f := &cdop.CaseFile{Case: c}
		f.Requests, f.Contacts, f.Pauses = demo.Records(c, agencies, seed, today)
		files[i] = f
	}
	return files
}

var recentFiles = filed(recent, 11)

func TestAgencies(t *testing.T) {
	agencies := demo.Agencies()
	if len(agencies) < 10 || len(agencies) > 15 {
		t.Errorf("%d agencies; want about 12", len(agencies))
	}
	names, types := map[string]bool{}, map[string]bool{}
	real := []string{"Leeds", "Bradford", "Kirklees", "Wakefield", "Calderdale", "Yorkshire", "Huddersfield",
		"Halifax", "Airedale", "Dewsbury", "Pinderfields", "Martin House", "Forget Me Not"}
	for _, a := range agencies {
		if err := a.Validate(); err != nil {
			t.Errorf("%s: %v", a.Name, err)
		}
		if a.ID != 0 {
			t.Errorf("%s has ID %d; want 0 for the store", a.Name, a.ID)
		}
		if names[strings.ToLower(a.Name)] {
			t.Errorf("%s is listed twice", a.Name)
		}
		names[strings.ToLower(a.Name)] = true
		types[a.Type] = true
		for _, word := range real {
			if strings.Contains(a.Name, word) || strings.Contains(a.Contact, strings.ToLower(word)) {
				t.Errorf("%s (%s) looks like a real organisation (%s)", a.Name, a.Contact, word)
			}
		}
		if !strings.Contains(a.Contact, ".example.org") || !strings.Contains(a.Contact, ",") {
			t.Errorf("%s: contact %q; want a role and an address on example.org", a.Name, a.Contact)
		}
	}
	for _, want := range []string{"health", "police", "childrens_social_care", "education", "public_health", "ambulance"} {
		if !types[want] {
			t.Errorf("no agency of type %s", want)
		}
	}
}

func TestRecordsAreDeterministic(t *testing.T) {
	a, b := filed(recent[len(recent)-300:], 5), filed(recent[len(recent)-300:], 5)
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs with the same seed differ")
	}
	if reflect.DeepEqual(a, filed(recent[len(recent)-300:], 6)) {
		t.Error("two seeds gave the same records")
	}
}

func TestRecordsAreValid(t *testing.T) {
	for _, f := range recentFiles {
		c := f.Case
		name := c.Ref + " " + c.FullName()
		if c.Stage == cdop.StageClosed && (len(f.Requests) > 0 || len(f.Contacts) > 0 || len(f.Pauses) > 0) {
			t.Errorf("%s: closed, with records", name)
		}
		for _, r := range f.Requests {
			if err := r.Validate(today); err != nil {
				t.Errorf("%s: request %+v: %v", name, r, err)
			}
			if r.RequestedOn.Before(c.DateOfDeath) || r.DueOn.Before(r.RequestedOn) {
				t.Errorf("%s: requested %s, due %s, death %s", name, r.RequestedOn, r.DueOn, c.DateOfDeath)
			}
			if r.AgencyName == "" || r.CaseID != c.ID {
				t.Errorf("%s: request for case %q from agency %q", name, r.CaseID, r.AgencyName)
			}
		}
		for _, k := range f.Contacts {
			if err := k.Validate(today); err != nil {
				t.Errorf("%s: contact %+v: %v", name, k, err)
			}
			if k.On.Before(c.NotifiedOn) || k.CaseID != c.ID || k.By != c.KeyWorker {
				t.Errorf("%s: contact %+v before the notification (%s) or not by the key worker %q", name, k, c.NotifiedOn, c.KeyWorker)
			}
			if hasWord(k.Note, c.FirstName) || hasWord(k.Note, c.LastName) {
				t.Errorf("%s: contact note %q names the child", name, k.Note)
			}
		}
		running := map[string]int{}
		for _, p := range f.Pauses {
			if err := p.Validate(today); err != nil {
				t.Errorf("%s: pause %+v: %v", name, p, err)
			}
			if p.From.Before(c.DateOfDeath) || p.To.After(today) || p.CaseID != c.ID {
				t.Errorf("%s: pause %+v outside the death (%s) to today", name, p, c.DateOfDeath)
			}
			if p.To.IsZero() {
				running[p.Deadline]++
			}
		}
		for deadline, n := range running {
			if n > 1 {
				t.Errorf("%s: %d running pauses of %s", name, n, deadline)
			}
		}
		for i, p := range f.Pauses {
			for _, q := range f.Pauses[:i] {
				if p.Deadline == q.Deadline {
					t.Errorf("%s: two pauses of %s", name, p.Deadline)
				}
			}
		}
	}
}

func hasWord(text, word string) bool {
	return slices.Contains(strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }), word)
}

// TestCasesHaveWhatTheirStageNeeds checks that each case has everything the
// flowchart asks for on the way to its stage; closed cases, which have no
// agency requests, are excused the requests the meeting needs.
func TestCasesHaveWhatTheirStageNeeds(t *testing.T) {
	for _, f := range append(recentFiles, filed(large, 7)...) {
		c := f.Case
		from := *f
		from.Case = c.Clone()
		from.Case.Stage = cdop.StageNotified
		for _, m := range cdop.MissingFor(&from, c.Stage) {
			if c.Stage == cdop.StageClosed && m.Stage == cdop.StageCDRM && m.Field == "" {
				continue
			}
			t.Errorf("%s at %s lacks %s: %s", c.FullName(), c.Stage, m.Stage, m.Message)
		}
	}
}

func TestRequests(t *testing.T) {
	var gathering, outstanding, chased, overdue, received, declined, later int
	forms := map[int]map[string]int{} // category → form → cases
	perCase := map[int]int{}
	for _, f := range recentFiles {
		c := f.Case
		stage := cdop.StageIndex(c.Stage)
		switch {
		case c.Stage == cdop.StageClosed:
			continue
		case stage < cdop.StageIndex(cdop.StageInformationGathering):
			if len(f.Requests) > 0 {
				t.Errorf("%s: %d requests at %s", c.FullName(), len(f.Requests), c.Stage)
			}
			continue
		}
		perCase[len(f.Requests)]++
		if c.Stage == cdop.StageInformationGathering {
			gathering++
		} else {
			later++
		}
		seen := map[string]bool{}
		for _, r := range f.Requests {
			seen[r.Form] = true
			switch {
			case r.Outstanding() && c.Stage != cdop.StageInformationGathering:
				t.Errorf("%s at %s: %s from %s still outstanding", c.FullName(), c.Stage, r.Form, r.AgencyName)
			case r.Outstanding():
				outstanding++
				if r.DueOn.Before(today) {
					overdue++
				}
			case r.Status() == cdop.RequestDeclined:
				declined++
				if r.DeclineReason == "" {
					t.Errorf("%s: declined without a reason", c.FullName())
				}
			default:
				received++
			}
			if len(r.ChasedOn) > 0 {
				chased++
			}
			// Every form is in before the meeting.
			done := r.ReceivedOn
			if done.IsZero() {
				done = r.DeclinedOn
			}
			if !c.CDRMOn.IsZero() && !done.IsZero() && !done.Before(c.CDRMOn) {
				t.Errorf("%s: %s from %s in on %s, meeting on %s", c.FullName(), r.Form, r.AgencyName, done, c.CDRMOn)
			}
		}
		if cat := c.Analysis.Category; cat != 0 {
			if forms[cat] == nil {
				forms[cat] = map[string]int{"cases": 0}
			}
			forms[cat]["cases"]++
			for form := range seen {
				forms[cat][form]++
			}
		}
	}
	for n, cases := range perCase {
		if n < 2 || n > 5 {
			t.Errorf("%d cases with %d requests; want 2 to 5", cases, n)
		}
	}
	if gathering < 50 || later < 50 {
		t.Fatalf("%d cases at information gathering, %d later; want more of each", gathering, later)
	}
	total := outstanding + received + declined
	t.Logf("requests: %d outstanding (%d overdue), %d received, %d declined, %d chased; per case %v",
		outstanding, overdue, received, declined, chased, perCase)
	if outstanding == 0 || overdue == 0 || overdue == outstanding || chased == 0 || declined == 0 {
		t.Errorf("want some outstanding, overdue, chased and declined requests")
	}
	if share(declined, total) > 0.1 || share(received, total) < 0.6 {
		t.Errorf("%d declined, %d received of %d; want most received, few declined", declined, received, total)
	}
	// The supplementary forms match the category of death.
	for cat, form := range map[int]string{10: "sudden_unexpected_death", 8: "neonatal", 2: "suicide_self_harm"} {
		if got := share(forms[cat][form], forms[cat]["cases"]); got < 0.6 {
			t.Errorf("category %d: %s form for %.0f%% of %d cases; want most", cat, form, 100*got, forms[cat]["cases"])
		}
	}
}

func TestContacts(t *testing.T) {
	var withContacts, prompt, late int
	methods := map[string]int{}
	for _, f := range recentFiles {
		c := f.Case
		if len(f.Contacts) == 0 {
			if cdop.StageIndex(c.Stage) >= cdop.StageIndex(cdop.StageInformationGathering) && c.Stage != cdop.StageClosed &&
				c.NotifiedOn.DaysUntil(today) > 14 && len(f.Pauses) == 0 {
				t.Errorf("%s at %s, notified %s: no contact with the family", c.FullName(), c.Stage, c.NotifiedOn)
			}
			continue
		}
		if c.Stage == cdop.StageNotified || c.KeyWorker == "" {
			t.Errorf("%s at %s: contacts without a key worker", c.FullName(), c.Stage)
		}
		if n := len(f.Contacts); n > 4 {
			t.Errorf("%s: %d contacts; want 1 to 4", c.FullName(), n)
		}
		withContacts++
		if c.NotifiedOn.DaysUntil(f.Contacts[0].On) <= 2 {
			prompt++
		} else {
			late++
		}
		for i, k := range f.Contacts {
			methods[k.Method]++
			if i > 0 && k.On.Before(f.Contacts[i-1].On) {
				t.Errorf("%s: contacts out of order", c.FullName())
			}
		}
	}
	t.Logf("%d cases with contacts: first within 2 days %d, later %d; methods %v", withContacts, prompt, late, methods)
	if got := share(prompt, withContacts); got < 0.7 || got > 0.95 {
		t.Errorf("first contact within 2 days in %.0f%% of cases; want most, not all", 100*got)
	}
	if len(methods) < 5 {
		t.Errorf("methods %v; want a mix", methods)
	}
}

func TestPauses(t *testing.T) {
	var running, inquest, finished, awaitingInquest int
	for _, f := range recentFiles {
		c := f.Case
		waiting := c.Inquest == "pending" && (c.Stage == cdop.StageCDRM || c.Stage == cdop.StageCDOPReview) &&
			c.DateOfDeath.DaysUntil(today) > 120 && c.CDOPReviewOn.IsZero()
		if waiting {
			awaitingInquest++
		}
		for _, p := range f.Pauses {
			switch {
			case p.To.IsZero():
				running++
				if p.Deadline != cdop.DeadlineCDOPReview {
					t.Errorf("%s: running pause of %s", c.FullName(), p.Deadline)
				}
				if p.Reason == "Awaiting inquest" {
					inquest++
					if c.Inquest != "pending" {
						t.Errorf("%s: awaiting an inquest that is %q", c.FullName(), c.Inquest)
					}
				}
			default:
				finished++
			}
		}
	}
	t.Logf("pauses: %d running (%d awaiting inquest, of %d cases waiting for one), %d finished", running, inquest, awaitingInquest, finished)
	if got := share(inquest, awaitingInquest); got < 0.4 || got > 0.9 {
		t.Errorf("%d of %d cases awaiting an inquest have the review clock paused; want some", inquest, awaitingInquest)
	}
	if running == inquest || finished == 0 {
		t.Errorf("%d running pauses, %d for inquests, %d finished; want other reasons and some finished", running, inquest, finished)
	}
}
