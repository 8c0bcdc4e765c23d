package demo

import "casemanager/cdop"

// The demo directory's agencies, by the part they play in a review. The
// names are made up to sound like a West Yorkshire footprint's; none is a
// real organisation, and every address is on example.org.
const (
	agencyHospital    = "Aire Valley Teaching Hospitals NHS Trust"
	agencyCommunity   = "Calder Community Health"
	agencyGP          = "Kirkbeck Lane Medical Practice"
	agencyCAMHS       = "Northvale Child and Adolescent Mental Health Service"
	agencyPolice      = "West Riding Police Child Death Team"
	agencyAmbulance   = "Pennine Moors Ambulance Service"
	agencySocialCare  = "Kirkbeck Children's Social Care"
	agencySchools     = "Northvale Schools Service"
	agencyPublic      = "Kirkbeck Council Public Health Team"
	agencyCoroner     = "Aire and Calder Coroner's Office"
	agencyHospice     = "Brightwater Children's Hospice"
	agencyBereavement = "Harrowby Family Bereavement Network"
)

// Agencies returns a directory of fictional agencies a panel asks for
// reports, each with a contact role and a made-up address on example.org.
// Their IDs are 0, for the store to assign.
func Agencies() []cdop.Agency {
	return []cdop.Agency{
		{Name: agencyHospital, Type: "health", Contact: "Named nurse for child deaths, child.deaths@airevalley-hospitals.example.org"},
		{Name: agencyCommunity, Type: "health", Contact: "Health visiting and school nursing safeguarding lead, safeguarding@calder-community.example.org"},
		{Name: agencyGP, Type: "health", Contact: "Practice safeguarding lead, safeguarding@kirkbeck-lane.example.org"},
		{Name: agencyCAMHS, Type: "health", Contact: "CAMHS clinical lead, camhs.reviews@northvale-camhs.example.org"},
		{Name: agencyPolice, Type: "police", Contact: "Detective sergeant, child death team, cdt@westriding-police.example.org"},
		{Name: agencyAmbulance, Type: "ambulance", Contact: "Patient safety team, safeguarding@penninemoors-ambulance.example.org"},
		{Name: agencySocialCare, Type: "childrens_social_care", Contact: "Safeguarding and reviewing service manager, cdop@kirkbeck-csc.example.org"},
		{Name: agencySchools, Type: "education", Contact: "Designated safeguarding officer, safeguarding@northvale-schools.example.org"},
		{Name: agencyPublic, Type: "public_health", Contact: "Consultant in public health (CDOP chair), cdop.chair@kirkbeck-council.example.org"},
		{Name: agencyCoroner, Type: "coroner", Contact: "Coroner's officer, officers@aire-calder-coroner.example.org"},
		{Name: agencyHospice, Type: "voluntary", Contact: "Family support lead, families@brightwater-hospice.example.org"},
		{Name: agencyBereavement, Type: "voluntary", Contact: "Referrals coordinator, 01632 960 418, referrals@harrowby-bereavement.example.org"},
	}
}
