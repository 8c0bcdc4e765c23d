package demo

// background is a family background common in West Yorkshire: the names
// children are given and the ethnic category codes recorded for them.
type background struct {
	name       string
	weight     float64
	ethnicity  []weighted[string]
	boys       []string
	girls      []string
	last       []string // "male/female" where the surname has two forms
	nearBigLAs bool     // lives mostly in Bradford and Kirklees
}

var backgrounds = []background{
	{
		name: "English", weight: 38,
		ethnicity: []weighted[string]{{"A", 92}, {"Z", 5}, {"C", 3}},
		boys:      []string{"Oliver", "Harry", "Jack", "George", "Noah", "Alfie", "Charlie", "Theo", "Archie", "Leo", "Oscar", "Freddie", "Thomas", "Joshua", "Reuben", "Albie"},
		girls:     []string{"Amelia", "Isla", "Ava", "Freya", "Poppy", "Evie", "Ruby", "Lily", "Florence", "Grace", "Zoë", "Ivy", "Daisy", "Phoebe", "Mia", "Esmé"},
		last:      []string{"Smith", "Taylor", "Brown", "Wilson", "Walker", "Wright", "Robinson", "Thompson", "Hughes", "Green", "Hall", "Wood", "Harrison", "Clarke", "Shaw", "Atkinson", "Holroyd", "Sutcliffe", "Greenwood", "Ackroyd", "Barraclough", "Lister"},
	},
	{
		name: "Irish", weight: 3,
		ethnicity: []weighted[string]{{"B", 85}, {"A", 10}, {"Z", 5}},
		boys:      []string{"Seán", "Cian", "Oisín", "Ciarán", "Pádraig", "Darragh", "Tadhg", "Conor", "Eoin", "Fionn"},
		girls:     []string{"Siobhán", "Aoife", "Niamh", "Róisín", "Saoirse", "Caoimhe", "Clodagh", "Orla", "Sinéad", "Aisling"},
		last:      []string{"Ó Súilleabháin", "O'Neill", "Murphy", "Kelly", "O'Brien", "Byrne", "McCarthy", "Ó Briain", "Doyle", "Gallagher", "Ó Domhnaill/Ní Dhomhnaill", "Mac Giolla Phádraig"},
	},
	{
		name: "Welsh", weight: 2,
		ethnicity: []weighted[string]{{"A", 95}, {"Z", 5}},
		boys:      []string{"Rhys", "Dafydd", "Gethin", "Osian", "Iestyn", "Emrys", "Gruffudd", "Aled"},
		girls:     []string{"Cerys", "Eleri", "Seren", "Ffion", "Siân", "Angharad", "Nia", "Mali"},
		last:      []string{"Evans", "Davies", "Williams", "Pritchard", "Llewellyn", "Griffiths", "Morgan", "Powell", "Prosser", "Vaughan"},
	},
	{
		name: "Scottish", weight: 3,
		ethnicity: []weighted[string]{{"A", 95}, {"Z", 5}},
		boys:      []string{"Callum", "Ruairidh", "Finlay", "Lachlan", "Euan", "Alasdair", "Hamish", "Struan"},
		girls:     []string{"Eilidh", "Isla", "Mhairi", "Kirsty", "Morag", "Catriona", "Ailsa", "Skye"},
		last:      []string{"MacDonald", "Campbell", "Stewart", "MacLeod", "Fraser", "Ross", "Murray", "McKenzie", "Robertson", "Sinclair"},
	},
	{
		name: "Polish", weight: 5,
		ethnicity: []weighted[string]{{"C", 95}, {"Z", 5}},
		boys:      []string{"Łukasz", "Jakub", "Wojciech", "Michał", "Kacper", "Paweł", "Bartłomiej", "Szymon", "Mikołaj", "Antoni"},
		girls:     []string{"Zofia", "Maja", "Zuzanna", "Lena", "Oliwia", "Małgorzata", "Wiktoria", "Agnieszka", "Julia", "Hanna"},
		last:      []string{"Kowalski/Kowalska", "Nowak", "Wiśniewski/Wiśniewska", "Wójcik", "Kamiński/Kamińska", "Lewandowski/Lewandowska", "Zieliński/Zielińska", "Szymański/Szymańska", "Dąbrowski/Dąbrowska", "Kaczmarek", "Woźniak", "Mazur"},
	},
	{
		name: "Romanian", weight: 3,
		ethnicity: []weighted[string]{{"C", 90}, {"S", 5}, {"Z", 5}},
		boys:      []string{"Andrei", "Ștefan", "Mihai", "Răzvan", "Ionuț", "Alexandru", "Florin", "Cătălin"},
		girls:     []string{"Ioana", "Alexandra", "Elena", "Bianca", "Daria", "Andreea", "Ștefania", "Mădălina"},
		last:      []string{"Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe", "Rădulescu", "Munteanu", "Constantin", "Lăcătuș", "Țurcanu"},
	},
	{
		name: "Pakistani", weight: 15, nearBigLAs: true,
		ethnicity: []weighted[string]{{"J", 92}, {"L", 3}, {"Z", 5}},
		boys:      []string{"Muhammad", "Zain", "Hamza", "Ibrahim", "Yusuf", "Bilal", "Ayaan", "Musa", "Haroon", "Zakariya", "Rayyan", "Umar"},
		girls:     []string{"Ayesha", "Fatima", "Maryam", "Khadija", "Hafsa", "Aliza", "Inaaya", "Zara", "Hania", "Safa", "Eman", "Aleena"},
		last:      []string{"Khan", "Hussain", "Ahmed", "Akhtar", "Iqbal", "Butt", "Mahmood", "Rashid", "Shah", "Malik", "Bibi", "Riaz", "Javed", "Nawaz"},
	},
	{
		name: "Bangladeshi", weight: 3, nearBigLAs: true,
		ethnicity: []weighted[string]{{"K", 95}, {"Z", 5}},
		boys:      []string{"Rahim", "Tanvir", "Arif", "Rafi", "Imran", "Sajid", "Fahim", "Shahed"},
		girls:     []string{"Nusrat", "Sumaiya", "Farhana", "Tasnim", "Sadia", "Ruksana", "Nabila", "Taslima"},
		last:      []string{"Rahman", "Begum", "Uddin", "Miah", "Islam", "Chowdhury", "Hoque", "Ali", "Sarkar", "Khatun"},
	},
	{
		name: "Indian", weight: 4,
		ethnicity: []weighted[string]{{"H", 93}, {"Z", 7}},
		boys:      []string{"Arjun", "Rohan", "Vikram", "Aarav", "Karan", "Harpreet", "Gurpreet", "Dev", "Ishaan", "Jaskaran"},
		girls:     []string{"Priya", "Ananya", "Diya", "Isha", "Simran", "Navneet", "Anika", "Kavya", "Jasleen", "Meera"},
		last:      []string{"Patel", "Sharma", "Singh", "Kaur", "Gupta", "Mistry", "Joshi", "Sandhu", "Chauhan", "Parmar", "Bains", "Desai"},
	},
	{
		name: "Somali", weight: 2,
		ethnicity: []weighted[string]{{"N", 95}, {"Z", 5}},
		boys:      []string{"Abdirahman", "Mohamed", "Abdi", "Hassan", "Liban", "Abdullahi", "Mahad", "Guled"},
		girls:     []string{"Hodan", "Ayaan", "Fadumo", "Ifrah", "Sagal", "Hibo", "Ubah", "Nimco"},
		last:      []string{"Warsame", "Farah", "Mohamud", "Jama", "Osman", "Abdullahi", "Hirsi", "Yusuf", "Nur", "Egal"},
	},
	{
		name: "Nigerian", weight: 3,
		ethnicity: []weighted[string]{{"N", 90}, {"E", 5}, {"Z", 5}},
		boys:      []string{"Chinedu", "Oluwaseun", "Tobenna", "Ayodele", "Emeka", "Chukwuemeka", "Olumide", "Tunde"},
		girls:     []string{"Adaeze", "Ifeoma", "Chiamaka", "Ngozi", "Folake", "Oluwatoyin", "Adanna", "Temitope"},
		last:      []string{"Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Oyelaran", "Nwosu", "Adebayo", "Obi", "Olawale"},
	},
	{
		name: "Ghanaian", weight: 2,
		ethnicity: []weighted[string]{{"N", 92}, {"Z", 8}},
		boys:      []string{"Kwame", "Kofi", "Kwabena", "Yaw", "Kojo", "Kwesi", "Fiifi", "Nana"},
		girls:     []string{"Ama", "Akosua", "Abena", "Efua", "Esi", "Adwoa", "Yaa", "Afua"},
		last:      []string{"Mensah", "Boateng", "Owusu", "Asante", "Osei", "Appiah", "Agyeman", "Danquah", "Addo", "Ofori"},
	},
	{
		name: "Caribbean", weight: 3,
		ethnicity: []weighted[string]{{"M", 65}, {"D", 30}, {"Z", 5}},
		boys:      []string{"Marcus", "Jerome", "Tyrese", "Kai", "Elijah", "Isaiah", "Nathaniel", "Jaden"},
		girls:     []string{"Aaliyah", "Keziah", "Tia", "Imani", "Naomi", "Jada", "Shantelle", "Leah"},
		last:      []string{"Campbell", "Francis", "Thomas", "Morris", "Grant", "Reid", "Henry", "Bailey", "Gordon", "McKenzie"},
	},
	{
		name: "Mixed", weight: 4,
		ethnicity: []weighted[string]{{"D", 25}, {"E", 20}, {"F", 30}, {"G", 20}, {"Z", 5}},
		boys:      []string{"Noah", "Elijah", "Zayn", "Leo", "Jayden", "Kai", "Rio", "Jude", "Idris", "Malachi"},
		girls:     []string{"Amara", "Layla", "Maya", "Zara", "Nia", "Ella", "Aisha", "Sienna", "Rosa", "Anaïs"},
		last:      []string{"Campbell-Smith", "Mensah", "Khan-Walker", "Okafor", "Hall", "Ahmed", "Reid", "Taylor-Boateng", "Brown", "Shah"},
	},
	{
		name: "Chinese", weight: 2,
		ethnicity: []weighted[string]{{"R", 95}, {"Z", 5}},
		boys:      []string{"Wei", "Jun", "Hao", "Ming", "Zihan", "Yichen", "Kai", "Long"},
		girls:     []string{"Mei", "Xin", "Ling", "Jia", "Yan", "Xiaoyu", "Ruoxi", "Hui"},
		last:      []string{"Wang", "Li", "Zhang", "Chen", "Liu", "Wong", "Chan", "Lam", "Cheung", "Ng", "Huang", "Zhou"},
	},
	{
		name: "Vietnamese", weight: 1,
		ethnicity: []weighted[string]{{"L", 95}, {"Z", 5}},
		boys:      []string{"Minh", "Đức", "Huy", "Khánh", "Tuấn", "Quang", "Bảo", "Phúc"},
		girls:     []string{"Linh", "Thảo", "Ngọc", "Phương", "Hương", "Trang", "Mai", "Hà"},
		last:      []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Huỳnh"},
	},
	{
		name: "Turkish", weight: 1,
		ethnicity: []weighted[string]{{"S", 60}, {"C", 35}, {"Z", 5}},
		boys:      []string{"Emir", "Yusuf", "Mehmet", "Kerem", "Burak", "Ömer", "Çağan", "Eymen"},
		girls:     []string{"Özlem", "Elif", "Zeynep", "Ayşe", "Defne", "Ecrin", "Büşra", "Gülşen"},
		last:      []string{"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan", "Kılıç"},
	},
	{
		name: "Kurdish", weight: 1,
		ethnicity: []weighted[string]{{"S", 90}, {"Z", 10}},
		boys:      []string{"Azad", "Serhat", "Baran", "Ciwan", "Rêzan", "Dilşad", "Şivan", "Hejar"},
		girls:     []string{"Rojin", "Berfin", "Dilan", "Hêvî", "Zozan", "Nazdar", "Evîn", "Rojda"},
		last:      []string{"Hasan", "Mustafa", "Karim", "Aziz", "Amin", "Salih", "Qadir", "Ahmadi", "Hawrami", "Kurdi"},
	},
	{
		name: "Arabic", weight: 2,
		ethnicity: []weighted[string]{{"S", 90}, {"Z", 10}},
		boys:      []string{"Omar", "Karim", "Tariq", "Ziad", "Sami", "Yahya", "Adam", "Hamza"},
		girls:     []string{"Layla", "Nour", "Yasmin", "Rania", "Huda", "Salma", "Lina", "Jana"},
		last:      []string{"Al-Amin", "Haddad", "Mansour", "Khalil", "Saleh", "Nasser", "Al-Sayed", "Darwish", "Hamdan", "Abboud"},
	},
	{
		name: "Portuguese", weight: 1,
		ethnicity: []weighted[string]{{"C", 95}, {"Z", 5}},
		boys:      []string{"João", "Tomás", "Gonçalo", "Martim", "Rodrigo", "Simão", "Duarte", "Afonso"},
		girls:     []string{"Inês", "Beatriz", "Leonor", "Matilde", "Mariana", "Conceição", "Madalena", "Lúcia"},
		last:      []string{"Silva", "Santos", "Ferreira", "Pereira", "Gonçalves", "Rodrigues", "Simões", "Magalhães", "Araújo", "Fernandes"},
	},
	{
		name: "French", weight: 1,
		ethnicity: []weighted[string]{{"C", 95}, {"Z", 5}},
		boys:      []string{"Théo", "Mathéo", "Gaël", "Noé", "Raphaël", "Jérémie", "Loïc", "Benoît"},
		girls:     []string{"Zoé", "Élodie", "Chloé", "Léa", "Inès", "Maëlys", "Héloïse", "Anaëlle"},
		last:      []string{"Dubois", "Lefèvre", "Moreau", "Girard", "Bonnet", "Lambert", "Fontaine", "Rousseau", "Mercier", "Leclère"},
	},
}
