package demo

// Age bands at death, in the order of cdop.AgeBands.
const (
	neonatal = iota // under 28 days
	infant          // 28–364 days
	age1to4
	age5to9
	age10to14
	age15to17
)

var (
	anyAge     = []int{neonatal, infant, age1to4, age5to9, age10to14, age15to17}
	babies     = []int{neonatal, infant}
	under5     = []int{neonatal, infant, age1to4}
	afterBirth = []int{infant, age1to4, age5to9, age10to14, age15to17}
	over1      = []int{age1to4, age5to9, age10to14, age15to17}
	over5      = []int{age5to9, age10to14, age15to17}
	teenagers  = []int{age10to14, age15to17}
)

// condition is one way children die in a category: the cause as a panel
// would record it, the factor intrinsic to the child it brings, the factors
// and learning typical of it, and a short synthetic summary naming nobody.
type condition struct {
	cause    string
	factor   string // intrinsic factor (domain A), "" when the cause brings none
	summary  string
	bands    []int    // age bands it occurs in
	expected float64  // chance the death was expected
	place    string   // where the death happened, when the condition decides it
	sex      string   // the only sex it affects, when it does
	factors  []string // factors typical of it, each "a:", "b:", "c:" or "d:" and the factor
	learning []string // learning points typical of it
}

// category is one category of death on the analysis form, with what a
// panel typically records for it whatever the condition.
type category struct {
	number     int
	weight     float64    // share of deaths nationally (per cent)
	bands      [6]float64 // age band at death, given the category
	jarReason  string     // Joint Agency Response trigger for an unexpected death
	abuse      float64    // chance abuse or neglect is suspected
	modifiable float64    // chance the panel identifies modifiable factors
	scoredTwo  [4]float64 // chance each domain is scored 2
	factors    [4][]string
	learning   []string
	keyWorker  []string
	conditions []condition
}

// goodPractice are learning points a panel records when nothing was modifiable.
var goodPractice = []string{
	"Good bereavement support from the hospital team",
	"Agencies shared information promptly",
	"The family valued having one key worker throughout",
	"Parallel planning for end-of-life care worked well",
}

var (
	sudiFactors = []string{
		"a:born preterm", "a:low birth weight",
		"b:co-sleeping on a sofa", "b:shared sleeping surface", "b:parental alcohol use before sleep",
		"c:soft bedding in the sleep space", "c:baby left asleep in a car seat",
		"d:safer sleep advice not repeated after discharge", "d:no safer sleep assessment at home visits",
	}
	sudiLearning = []string{
		"Give safer sleep advice at every contact, especially after discharge",
		"Ask about sofa sleeping and alcohol explicitly",
		"Include partners and grandparents in safer sleep conversations",
	}
	prematurity = condition{
		cause: "Extreme prematurity", summary: "Born at 23 weeks; died on the neonatal unit.",
		factor: "extreme prematurity (23 weeks)", bands: babies, expected: 0.9, place: "hospital",
		factors:  []string{"d:in-utero transfer not arranged in time"},
		learning: []string{"Arrange in-utero transfer early when preterm birth threatens"},
	}
)

var categories = []category{
	{
		number: 8, weight: 30,
		bands:      [6]float64{90, 10, 0, 0, 0, 0},
		jarReason:  "sudden_unexplained",
		modifiable: 0.35,
		scoredTwo:  [4]float64{0.95, 0.35, 0.05, 0.25},
		factors: [4][]string{
			{"low birth weight", "intrauterine growth restriction", "multiple pregnancy"},
			{"smoking in pregnancy", "late booking for antenatal care", "maternal obesity", "language barrier with maternity services"},
			{"long transfer to the tertiary neonatal unit"},
			{"interpreter not used at antenatal visits", "missed growth scan"},
		},
		learning:  []string{"Use interpreters at every antenatal contact", "Offer smoking cessation support at booking and every visit"},
		keyWorker: []string{"Neonatal bereavement nurse", "Bereavement midwife"},
		conditions: []condition{
			prematurity,
			func() condition {
				c := prematurity
				c.factor, c.summary = "extreme prematurity (24 weeks)", "Born at 24 weeks; care redirected after a brain haemorrhage."
				return c
			}(),
			{
				cause: "Hypoxic-ischaemic encephalopathy", factor: "hypoxic-ischaemic encephalopathy",
				summary: "Born in poor condition after a prolonged labour; cooling therapy given.", bands: []int{neonatal}, expected: 0.7,
				factors:  []string{"d:delayed escalation of abnormal fetal heart rate"},
				learning: []string{"Review escalation of abnormal fetal monitoring"},
			},
			{
				cause: "Necrotising enterocolitis", factor: "necrotising enterocolitis",
				summary: "Born preterm; developed necrotising enterocolitis in the second week.", bands: babies, expected: 0.5, place: "hospital",
				factors:  []string{"d:feeding intolerance not recognised early"},
				learning: []string{"Review how feeding intolerance is recognised on the neonatal unit"},
			},
			{
				cause: "Chronic lung disease of prematurity", factor: "bronchopulmonary dysplasia",
				summary: "Born at 26 weeks; long neonatal stay with chronic lung disease.", bands: []int{infant}, expected: 0.8,
			},
			{
				cause:   "Sudden unexpected postnatal collapse",
				summary: "Collapsed unexpectedly on the postnatal ward during skin-to-skin contact.", bands: []int{neonatal}, place: "hospital",
				factors:  []string{"c:baby's face covered during skin-to-skin contact", "d:no observations during skin-to-skin contact"},
				learning: []string{"Observe babies during skin-to-skin contact in the first hours"},
			},
		},
	},
	{
		number: 7, weight: 25,
		bands:      [6]float64{45, 25, 12, 6, 6, 6},
		jarReason:  "sudden_unexplained",
		modifiable: 0.1,
		scoredTwo:  [4]float64{0.98, 0.15, 0.02, 0.15},
		factors: [4][]string{
			{"complex medical needs"},
			{"consanguineous parents", "late presentation to antenatal care"},
			{"long journeys to the specialist centre"},
			{"genetic counselling not offered to the family", "advance care plan not shared with the ambulance service"},
		},
		learning:  []string{"Offer genetic counselling to families after a diagnosis", "Share advance care plans with ambulance and out-of-hours services"},
		keyWorker: []string{"Children's palliative care nurse", "Hospice family support worker", "Neonatal bereavement nurse"},
		conditions: []condition{
			{
				cause: "Trisomy 18", factor: "trisomy 18",
				summary: "Antenatal diagnosis of trisomy 18; palliative care plan agreed before birth.", bands: babies, expected: 0.95,
			},
			{
				cause: "Hypoplastic left heart syndrome", factor: "hypoplastic left heart syndrome",
				summary: "Complex congenital heart disease; died after cardiac surgery.", bands: under5, expected: 0.6, place: "hospital",
				factors:  []string{"d:delayed referral to fetal medicine"},
				learning: []string{"Refer promptly to fetal medicine after an anomaly scan"},
			},
			{
				cause: "Congenital diaphragmatic hernia", factor: "congenital diaphragmatic hernia",
				summary: "Congenital diaphragmatic hernia with severe lung hypoplasia.", bands: []int{neonatal}, expected: 0.8, place: "hospital",
				factors:  []string{"d:delayed referral to fetal medicine"},
				learning: []string{"Refer promptly to fetal medicine after an anomaly scan"},
			},
			{
				cause: "Spinal muscular atrophy type 1", factor: "spinal muscular atrophy type 1",
				summary: "Progressive weakness from early infancy; cared for at home with a palliative care plan.", bands: []int{infant, age1to4}, expected: 0.95,
			},
			{
				cause: "Inherited metabolic disorder", factor: "inherited metabolic disorder",
				summary: "Metabolic disorder diagnosed in infancy; decompensated during a minor illness.", bands: []int{neonatal, infant, age1to4, age5to9}, expected: 0.5,
				factors:  []string{"d:emergency regimen letter not available at the hospital"},
				learning: []string{"Keep emergency regimen letters with families and on hospital systems"},
			},
			{
				cause: "Duchenne muscular dystrophy", factor: "Duchenne muscular dystrophy", sex: "male",
				summary: "Progressive muscular dystrophy with cardiomyopathy.", bands: teenagers, expected: 0.9,
				factors:  []string{"d:transition to adult services delayed"},
				learning: []string{"Start transition planning by the age of 14"},
			},
			{
				cause: "Complex congenital heart disease", factor: "complex congenital heart disease",
				summary: "Congenital heart disease palliated in infancy; died of heart failure.", bands: over1, expected: 0.7,
			},
		},
	},
	{
		number: 5, weight: 10,
		bands:      [6]float64{5, 20, 18, 15, 20, 22},
		jarReason:  "sudden_unexplained",
		modifiable: 0.4,
		scoredTwo:  [4]float64{0.8, 0.35, 0.2, 0.35},
		factors: [4][]string{
			{"obesity", "learning disability"},
			{"missed outpatient appointments", "difficulty getting a GP appointment", "poor adherence to treatment"},
			{"damp and mould in the home", "exposure to cigarette smoke"},
			{"delayed escalation in the emergency department", "referral letter not acted on"},
		},
		learning:  []string{"Escalate to a senior clinician when a child does not improve", "Act on referral letters within the agreed time"},
		keyWorker: []string{"Child death review nurse", "Paediatric bereavement nurse"},
		conditions: []condition{
			{
				cause: "Acute asthma", factor: "asthma", summary: "Collapsed at home during a severe asthma attack.", bands: over1,
				factors:  []string{"d:asthma plan not reviewed after an attack", "d:frequent reliever inhaler prescriptions not noticed"},
				learning: []string{"Review the asthma plan after every emergency attendance"},
			},
			{
				cause: "Diabetic ketoacidosis", factor: "type 1 diabetes", place: "hospital",
				summary: "Admitted in diabetic ketoacidosis; cerebral oedema developed.", bands: over5,
				factors:  []string{"b:missed diabetes clinic appointments"},
				learning: []string{"Teach families the warning signs of diabetic ketoacidosis"},
			},
			{
				cause: "Anaphylaxis", factor: "food allergy", summary: "Anaphylaxis after eating a takeaway meal.", bands: over1,
				factors:  []string{"c:allergen not labelled on takeaway food", "d:no adrenaline auto-injector prescribed"},
				learning: []string{"Prescribe two adrenaline auto-injectors and check they are carried"},
			},
			{
				cause: "Midgut volvulus", factor: "intestinal malrotation", place: "hospital",
				summary: "Bilious vomiting; malrotation with volvulus found at surgery.", bands: under5, expected: 0.1,
				factors:  []string{"d:bilious vomiting not treated as an emergency"},
				learning: []string{"Treat bilious vomiting in a baby as a surgical emergency"},
			},
			{
				cause: "Intracranial haemorrhage", factor: "arteriovenous malformation",
				summary: "Sudden severe headache from a bleeding arteriovenous malformation.", bands: over5,
			},
			{
				cause:   "Acute liver failure",
				summary: "Acute liver failure of unknown cause; died awaiting a transplant.", bands: afterBirth, expected: 0.4, place: "hospital",
			},
			{
				cause:   "Acute bowel obstruction",
				summary: "Bowel obstruction in the first days of life.", bands: []int{neonatal}, expected: 0.2, place: "hospital",
			},
		},
	},
	{
		number: 6, weight: 8,
		bands:      [6]float64{0, 15, 15, 20, 22, 28},
		jarReason:  "sudden_unexplained",
		modifiable: 0.15,
		scoredTwo:  [4]float64{0.95, 0.25, 0.1, 0.3},
		factors: [4][]string{
			{"complex medical needs", "learning disability", "fed by gastrostomy"},
			{"carer exhaustion", "language barrier", "poor adherence to medication"},
			{"home not adapted for equipment"},
			{"equipment delivery delayed", "no agreed emergency care plan"},
		},
		learning:  []string{"Agree an emergency health care plan for every child with complex needs"},
		keyWorker: []string{"Children's palliative care nurse", "Community children's nurse"},
		conditions: []condition{
			{
				cause: "Sudden unexpected death in epilepsy", factor: "epilepsy",
				summary: "Known epilepsy; found unresponsive in bed.", bands: over1, expected: 0.1, place: "home",
				factors:  []string{"d:no discussion of overnight seizure monitoring"},
				learning: []string{"Discuss night-time seizure safety with families"},
			},
			{
				cause: "Aspiration pneumonia; cerebral palsy", factor: "cerebral palsy",
				summary: "Severe cerebral palsy with recurrent chest infections.", bands: afterBirth, expected: 0.85,
			},
			{
				cause: "Cystic fibrosis", factor: "cystic fibrosis",
				summary: "Cystic fibrosis with declining lung function.", bands: over5, expected: 0.9,
				factors:  []string{"d:transition to adult services delayed"},
				learning: []string{"Start transition planning by the age of 14"},
			},
			{
				cause: "End-stage kidney disease", factor: "chronic kidney disease",
				summary: "End-stage kidney disease on dialysis.", bands: afterBirth, expected: 0.8,
			},
			{
				cause: "Line sepsis; short bowel syndrome", factor: "short bowel syndrome",
				summary: "Fed intravenously at home; line infection.", bands: []int{infant, age1to4, age5to9}, expected: 0.4,
				factors:  []string{"d:line care training not refreshed"},
				learning: []string{"Refresh families' central line care training"},
			},
		},
	},
	{
		number: 4, weight: 7,
		bands:      [6]float64{0, 2, 20, 25, 28, 25},
		jarReason:  "sudden_unexplained",
		modifiable: 0.05,
		scoredTwo:  [4]float64{1, 0.1, 0.05, 0.15},
		factors: [4][]string{
			{"treatment-related infection"},
			{"family living far from the treatment centre"},
			{"long travel to the treatment centre"},
			{"end-of-life care plan not shared out of hours"},
		},
		learning:  []string{"Share end-of-life care plans with out-of-hours services"},
		keyWorker: []string{"Paediatric oncology outreach nurse", "Hospice family support worker"},
		conditions: []condition{
			{
				cause: "Relapsed acute lymphoblastic leukaemia", factor: "acute lymphoblastic leukaemia",
				summary: "Relapsed leukaemia; palliative care at home.", bands: over1, expected: 0.95,
			},
			{
				cause: "Medulloblastoma", factor: "medulloblastoma",
				summary: "Brain tumour diagnosed after months of headaches and vomiting.", bands: []int{age1to4, age5to9, age10to14}, expected: 0.95,
				factors:  []string{"d:delay in diagnosis after repeated GP visits"},
				learning: []string{"Consider a brain tumour when headaches and vomiting persist (HeadSmart)"},
			},
			{
				cause: "Neuroblastoma", factor: "neuroblastoma",
				summary: "High-risk neuroblastoma; died in the children's hospice.", bands: []int{infant, age1to4, age5to9}, expected: 0.95, place: "hospice",
			},
			{
				cause: "Osteosarcoma", factor: "osteosarcoma",
				summary: "Metastatic bone cancer; end-of-life care in hospital.", bands: teenagers, expected: 0.9, place: "hospital",
				factors:  []string{"d:delay in diagnosis after repeated GP visits"},
				learning: []string{"Refer persistent bone pain in a teenager for imaging"},
			},
			{
				cause: "Diffuse midline glioma", factor: "diffuse midline glioma",
				summary: "Inoperable brain stem tumour.", bands: []int{age1to4, age5to9, age10to14}, expected: 1,
			},
		},
	},
	{
		number: 10, weight: 7,
		bands:      [6]float64{5, 80, 10, 2, 1, 2},
		jarReason:  "sudden_unexplained",
		abuse:      0.1,
		modifiable: 0.75,
		scoredTwo:  [4]float64{0.3, 0.75, 0.6, 0.3},
		factors: [4][]string{
			{"recent minor illness"},
			{"parental smoking", "parental alcohol use"},
			{"overcrowded housing", "room too warm"},
			{"health visitor contacts missed"},
		},
		learning:  []string{"Offer the family a meeting to explain the post-mortem findings"},
		keyWorker: []string{"SUDIC specialist nurse"},
		conditions: []condition{
			{
				cause:   "Unascertained (sudden unexpected death in infancy)",
				summary: "Found unresponsive in the morning after sharing a bed with parents.", bands: babies,
				factors: sudiFactors, learning: sudiLearning,
			},
			{
				cause:   "Unascertained (sudden unexpected death in infancy)",
				summary: "Found unresponsive on a sofa after falling asleep with a parent.", bands: babies,
				factors: sudiFactors, learning: sudiLearning,
			},
			{
				cause:   "Unascertained (sudden unexpected death in infancy)",
				summary: "Put down to sleep in a cot; found unresponsive at the next feed.", bands: babies,
				factors: sudiFactors, learning: sudiLearning,
			},
			{
				cause:   "Unascertained (sudden unexpected death in childhood)",
				summary: "Went to bed well; found unresponsive in the morning.", bands: over1,
				factors:  []string{"a:history of febrile seizures"},
				learning: []string{"Offer the family cardiac genetic screening"},
			},
		},
	},
	{
		number: 3, weight: 5,
		bands:      [6]float64{2, 5, 11, 7, 15, 60},
		jarReason:  "external_cause",
		abuse:      0.1,
		modifiable: 0.6,
		scoredTwo:  [4]float64{0.2, 0.45, 0.7, 0.2},
		factors: [4][]string{
			{"risk-taking behaviour", "autism"},
			{"lack of supervision", "parental substance misuse"},
			{"poor street lighting"},
			{"no early help offered despite concerns"},
		},
		learning:  []string{"Offer bereavement support to witnesses and friends"},
		keyWorker: []string{"Police family liaison officer", "Child death review nurse"},
		conditions: []condition{
			{
				cause: "Road traffic collision (pedestrian)", summary: "Struck by a car while crossing the road.", bands: over1,
				factors:  []string{"c:road without a safe crossing", "c:speeding traffic"},
				learning: []string{"Review the crossing with the highways authority"},
			},
			{
				cause: "Road traffic collision (passenger)", summary: "Passenger in a car that left the road.", bands: afterBirth,
				factors:  []string{"b:child seat not used or not fitted", "c:speeding traffic", "c:rural road without barriers"},
				learning: []string{"Promote the correct use of child car seats"},
			},
			{
				cause: "Drowning", summary: "Drowned in a reservoir on a hot day.", bands: over5,
				factors:  []string{"b:peer pressure", "c:open water without warning signs", "d:water safety not taught at school"},
				learning: []string{"Teach water safety before the summer holidays"},
			},
			{
				cause: "Drowning", summary: "Drowned in the bath when left briefly.", bands: []int{infant, age1to4}, place: "home",
				factors:  []string{"b:baby left alone in the bath", "c:bath seat used"},
				learning: []string{"Warn parents never to leave a baby alone in the bath"},
			},
			{
				cause: "Fall from height", summary: "Fell from an upstairs window.", bands: []int{age1to4, age5to9},
				factors:  []string{"c:window without a restrictor"},
				learning: []string{"Fit window restrictors in social housing"},
			},
			{
				cause: "Asphyxia (blind cord)", summary: "Found caught in a window blind cord.", bands: []int{infant, age1to4}, place: "home",
				factors:  []string{"c:looped blind cord"},
				learning: []string{"Fit safety cleats for blind cords in social housing"},
			},
			{
				cause: "Complication of surgery", summary: "Died after complications of planned surgery.", bands: anyAge, place: "hospital",
				factors:  []string{"d:surgical complication not recognised in time", "d:deterioration not escalated on the ward"},
				learning: []string{"Use paediatric early warning scores after surgery"},
			},
			{
				cause: "Head injury (cycling)", summary: "Head injury after falling from a bicycle.", bands: over5,
				factors:  []string{"b:no helmet worn", "c:busy road without a cycle lane"},
				learning: []string{"Promote helmet use and cycle training"},
			},
		},
	},
	{
		number: 9, weight: 4,
		bands:      [6]float64{15, 30, 25, 10, 10, 10},
		jarReason:  "sudden_unexplained",
		modifiable: 0.35,
		scoredTwo:  [4]float64{0.4, 0.3, 0.2, 0.4},
		factors: [4][]string{
			{"immunodeficiency", "complex medical needs"},
			{"delay in seeking help", "language barrier"},
			{"overcrowded housing", "damp and mould in the home"},
			{"sepsis not recognised at first contact", "no safety-netting advice given", "antibiotics delayed"},
		},
		learning:  []string{"Use the sepsis screening tool at every acute contact", "Give written safety-netting advice"},
		keyWorker: []string{"Child death review nurse", "Paediatric bereavement nurse"},
		conditions: []condition{
			{
				cause: "Group B streptococcal sepsis", summary: "Early-onset Group B streptococcal sepsis.", bands: []int{neonatal}, place: "hospital",
				factors:  []string{"d:intrapartum antibiotics not given despite risk factors"},
				learning: []string{"Offer intrapartum antibiotics when risk factors for Group B streptococcus are present"},
			},
			{
				cause: "Meningococcal septicaemia", summary: "Spreading rash and collapse; meningococcal septicaemia.", bands: afterBirth,
				factors:  []string{"b:immunisations not up to date"},
				learning: []string{"Offer catch-up immunisations"},
			},
			{
				cause: "Pneumonia", summary: "Pneumonia after a viral illness.", bands: afterBirth, expected: 0.2,
				factors: []string{"b:immunisations not up to date", "c:exposure to cigarette smoke"},
			},
			{
				cause: "Invasive group A streptococcal infection", summary: "Invasive group A streptococcal infection after chickenpox.",
				bands: []int{age1to4, age5to9, age10to14},
			},
			{
				cause: "Bronchiolitis", factor: "born preterm", summary: "Severe bronchiolitis in the winter season.", bands: []int{infant}, expected: 0.1,
				factors: []string{"c:exposure to cigarette smoke"},
			},
			{
				cause: "Neonatal herpes simplex infection", summary: "Neonatal herpes simplex infection.", bands: []int{neonatal}, place: "hospital",
				factors: []string{"d:maternal history of herpes not shared"},
			},
		},
	},
	{
		number: 2, weight: 3,
		bands:      [6]float64{0, 0, 0, 0, 20, 80},
		jarReason:  "external_cause",
		modifiable: 0.7,
		scoredTwo:  [4]float64{0.75, 0.8, 0.35, 0.55},
		factors: [4][]string{
			{"depression", "self-harm", "autism", "ADHD"},
			{"bullying", "bereavement", "family conflict", "harmful online content", "exam stress", "relationship breakdown"},
			{"access to means"},
			{"long wait for a CAMHS assessment", "information not shared between school and CAMHS", "discharged from CAMHS without a safety plan"},
		},
		learning: []string{
			"Share safety plans between school, GP and CAMHS",
			"Ask about online harms in every assessment",
			"Offer support to siblings and friends after a death",
		},
		keyWorker: []string{"Child death review nurse", "Police family liaison officer"},
		conditions: []condition{
			{cause: "Suicide", summary: "Died by suicide at home; known to CAMHS.", bands: teenagers},
			{cause: "Suicide", summary: "Died by suicide in a public place.", bands: teenagers},
			{cause: "Self-inflicted injury", summary: "Died of a self-inflicted injury after an argument at home.", bands: teenagers},
		},
	},
	{
		number: 1, weight: 1,
		bands:      [6]float64{0, 40, 30, 10, 10, 10},
		jarReason:  "suspicious",
		abuse:      1,
		modifiable: 0.8,
		scoredTwo:  [4]float64{0.2, 0.95, 0.2, 0.7},
		factors: [4][]string{
			{"disability"},
			{"domestic abuse in the household", "parental substance misuse", "parental mental ill health"},
			{"overcrowded housing"},
			{"safeguarding information not shared between agencies", "no-access visits not escalated", "child protection plan ended too early"},
		},
		learning:  []string{"Share safeguarding information between agencies promptly", "Escalate repeated no-access visits"},
		keyWorker: []string{"Police family liaison officer", "Children's social worker"},
		conditions: []condition{
			{
				cause: "Abusive head trauma", summary: "Brought to hospital collapsed with injuries that were not explained.",
				bands: []int{infant, age1to4}, place: "hospital",
				factors:  []string{"a:born preterm", "b:new adult in the household"},
				learning: []string{"Assess the risk from a new adult in the household", "Teach parents how to cope with a crying baby"},
			},
			{
				cause: "Neglect", summary: "Died of severe neglect; the family were known to children's services.", bands: []int{infant, age1to4, age5to9},
			},
			{
				cause: "Homicide (stab wound)", summary: "Assaulted in the street; died of a stab wound.", bands: teenagers,
				factors:  []string{"b:criminal exploitation", "b:excluded from school", "c:knife crime in the neighbourhood"},
				learning: []string{"Offer a trusted adult to children at risk of exploitation"},
			},
			{
				cause: "Homicide", summary: "Killed by a parent during a mental health crisis.", bands: []int{infant, age1to4, age5to9, age10to14},
				factors:  []string{"d:parent's mental health crisis not escalated"},
				learning: []string{"Think about the children when an adult is in a mental health crisis"},
			},
		},
	},
}

// pool returns the factors a panel may find in domain d for a death of the
// condition: the category's and the condition's own.
func (cat *category) pool(cond condition, d int) []string {
	out := append([]string(nil), cat.factors[d]...)
	prefix := string(rune('a'+d)) + ":"
	for _, f := range cond.factors {
		if len(f) > len(prefix) && f[:len(prefix)] == prefix {
			out = append(out, f[len(prefix):])
		}
	}
	return out
}
