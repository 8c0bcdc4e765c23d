package reports_test

import (
	"fmt"
	"testing"

	"casemanager/cdop"
	"casemanager/demo"
)

// demoFiles returns years × perYear synthetic case files as of today, with
// IDs, references and (for open cases) agency requests, contacts and pauses,
// as a store would hold them.
func demoFiles(t testing.TB, years, perYear int, seed int64) []*cdop.CaseFile {
	t.Helper()
	cases := demo.Generate(demo.Options{Years: years, PerYear: perYear, Seed: seed, Today: today})
	agencies := demo.Agencies()
	for i := range agencies {
		agencies[i].ID = int64(i + 1)
	}
	counts := map[int]int{}
	files := make([]*cdop.CaseFile, len(cases))
	for i, c := range cases {
		c.ID = fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1)
		y := c.DateOfDeath.Year()
		counts[y]++
		c.Ref = fmt.Sprintf("CDOP-%d-%04d", y, counts[y])
		requests, contacts, pauses := demo.Records(c, agencies, seed, today)
		for j := range requests {
			requests[j].ID = int64(j + 1)
			for _, a := range agencies {
				if a.ID == requests[j].AgencyID {
					requests[j].AgencyName = a.Name
				}
			}
		}
		files[i] = &cdop.CaseFile{Case: c, Requests: requests, Contacts: contacts, Pauses: pauses}
	}
	return files
}

// panelMeeting returns a panel meeting with the given files on its agenda.
func panelMeeting(files []*cdop.CaseFile) *cdop.Meeting {
	m := &cdop.Meeting{ID: 12, Kind: "panel", On: cdop.NewDate(2026, 7, 8), StartsAt: "09:30",
		Place: "Room 4, Civic Hall, Leeds", Chair: "Dr Amara Okafor (Director of Public Health)",
		Attendees: []cdop.Attendee{
			{Name: "Dr Amara Okafor", Role: "Chair", AgencyType: "public_health", Agency: "Leeds City Council Public Health"},
			{Name: "Dr Siobhán Ní Bhriain", Role: "Designated doctor for child deaths", AgencyType: "health", Agency: "West Yorkshire ICB"},
			{Name: "DI Marek Wiśniewski", Role: "Police", AgencyType: "police", Agency: "West Yorkshire Police"},
			{Name: "Priya Raghunathan", Role: "Children's social care", AgencyType: "childrens_social_care"},
			{Name: "Gareth Llewellyn", Role: "Education", AgencyType: "education"},
		}}
	for i, f := range files {
		m.Agenda = append(m.Agenda, cdop.AgendaItem{CaseID: f.Case.ID, CaseRef: f.Case.Ref, Position: i + 1, Outcome: "pending"})
	}
	return m
}
