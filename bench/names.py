"""Word lists for the large-workspace generator: international names (accents included, so
search folding is exercised), company name parts, places, titles. Made up here, nothing
downloaded; combinations are drawn from a seeded random generator."""

from __future__ import annotations

import unicodedata


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words("""
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard
Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty
Anthony Sandra Mark Ashley Donald Emily Steven Kimberly Andrew Michelle Paul Carol Joshua Amanda
Kenneth Melissa Kevin Deborah Brian Stephanie George Rebecca Timothy Laura Ronald Helen Jason
Sharon Edward Cynthia Jeffrey Kathleen Ryan Amy Jacob Angela Gary Anna Nicholas Ruth Eric Brenda
Jonathan Pamela Stephen Nicole Larry Katherine Justin Samantha Scott Christine Brandon Emma
Benjamin Olivia Samuel Sophia Gregory Isabella Alexander Mia Patrick Charlotte Frank Amelia
Raymond Harper Jack Evelyn Dennis Abigail Jerry Ella Tyler Grace Aaron Chloé José Zoë François
Renée Hélène Noémie Léa Élodie Amélie Mathéo Théo Jérôme Cécile Gaëlle Loïc Anaïs Maël Bérénice
Jürgen Jörg Björn Günther Uwe Käthe Sören Søren Åsa Ingrid Øystein Mikkel Freja Linnéa Märta
Łukasz Małgorzata Paweł Wojciech Agnieszka Zofia Krzysztof Dorota Tomáš Jiří Lenka Petr Zuzana
Ana Inés Ángel Sofía Lucía Martín Álvaro Núria Jordi Andrés María Begoña Íñigo Rocío Tomás
João Conceição Gonçalo Inês Mário Sebastião Luís Antônio Raquel Beatriz Giulia Matteo Chiara
Lorenzo Niccolò Francesca Alessandro Federica Giorgio Ilaria Dmitri Olga Sergei Natalia Ivan
Aleksandr Yulia Mehmet Ayşe Emre Elif Oğuz Zeynep Çağla Murat Ahmed Fatima Omar Layla Youssef
Amira Hassan Nour Kwame Ama Chinedu Ngozi Tunde Aisha Wei Li Ming Xiu Hiroshi Yuki Haruto Sakura
Ji-ho Seo-yeon Min-jun Arjun Priya Rahul Ananya Vikram Kavya Rohan Deepika Nguyen Linh Minh
Thảo Siobhán Aoife Seán Niamh Ciarán Eoin Saoirse Dafydd Rhiannon Iain Morag Eilidh Hamish Kai
Noah Liam Lucas Leo Finn Mila Nora Elin Alva Hugo Oscar Maja Vera Ida Felix Lena Jonas Paula
""")

LAST_NAMES = _words("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill
Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips
Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson
Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders
Patel Myers Long Ross Foster Jimenez Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker
Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun
Krüger Hofmann Hartmann Lange Werner Krause Köhler Weiß Jäger Günther Dubois Durand Lefèvre
Moreau Laurent Simon Michel Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont
Lambert Fontaine Rousseau Vincent Muller Faure André Mercier Blanc Guérin Boyer Garnier Chevalier
François Legrand Gauthier Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson
Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly
Rivière Lucas Brunet Gaillard Barbier Arnaud Martínez González Rodríguez Fernández López Sánchez
Pérez Gómez Martín Jiménez Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez
Navarro Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Suárez Ortega Delgado
Castro Ortiz Rubio Marín Sanz Núñez Iglesias Medina Garrido Cortés Castillo Santos Lozano
Guerrero Cano Prieto Méndez Cruz Calvo Gallego Vidal León Márquez Herrera Peña Flores Cabrera
Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa Fernandes Gonçalves
Gomes Lopes Marques Alves Almeida Ribeiro Pinto Carvalho Teixeira Moreira Correia Mendes Nunes
Soares Vieira Monteiro Cardoso Rocha Neves Coelho Cruz Cunha Pires Simões Antunes Magalhães
Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti
DeLuca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi
Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola
DeSantis D'Angelo Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco Marini Grasso
Valentini Messina Sala DeAngelis Gatti Pellegrini Palumbo Sanna Farina Rizzi Monti Cattaneo
Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak
Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski
Pawłowski Michalski Król Wieczorek Jabłoński Wróbel Majewski Olszewski Jaworski Malinowski
Novák Svoboda Novotný Dvořák Černý Procházka Kučera Veselý Horák Němec Pokorný Marek Pospíšil
Hansen Johansen Olsen Larsen Andersen Pedersen Nielsen Kristiansen Jensen Karlsen Johnsen
Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen
Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen
Martinsen Paulsen Bakken Kristoffersen Mathisen Lie Amundsen Nguyễn Trần Lê Phạm Hoàng Huỳnh
Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Wang Zhang Liu Chen Yang Huang Zhao Zhou Wu Xu Sun Zhu
Ma Hu Guo Lin He Gao Luo Zheng Liang Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura
Kobayashi Kato Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Park Choi
Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yilmaz Kaya Demir Şahin Çelik
Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin Kara Koç Kurt Özkan
Şimşek Sharma Singh Kumar Gupta Mehta Reddy Iyer Nair Rao Chatterjee Banerjee Mukherjee Das
Bose Joshi Kapoor Malhotra Agarwal Khan Ali Hussain Ahmed Rahman Hassan Ibrahim Mahmoud Mansour
Haddad Khoury Nasser Saleh Okafor Okonkwo Adeyemi Mensah Boateng Owusu Asante Kamau Otieno
O'Brien O'Connor O'Sullivan Murphy Kelly Walsh Byrne Ryan McCarthy Doyle Gallagher Kennedy
Lynch Quinn McLaughlin MacDonald Campbell Stewart Robertson Thomson Fraser
Ferguson Grant Ross Murray McKenzie Ström Lindqvist Åberg Öberg Sjöberg Lindström Bergström
Nyström Söderberg Holmström Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen
Koskinen Järvinen Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen
""")

# Company names are built from these: "Northpeak", "Blue Harbor Analytics", "Hoffmann & Söhne".
COMPANY_PREFIXES = _words("""
North South East West Bright Blue Red Green Silver Golden Iron Stone River Lake Sun Moon Star
Cloud Sky Ocean Harbor Summit Peak Pine Oak Maple Cedar Birch Willow Falcon Eagle Hawk Fox Wolf
Bear Lion Tiger Swift Rapid Clear True Prime Nova Vertex Apex Zenith Orbit Quantum Vector Pixel
Signal Echo Pulse Spark Flux Fusion Atlas Titan Helix Nimbus Aurora Polar Coral Amber Jade
Cobalt Crimson Indigo Scarlet Velvet Granite Copper Bronze Crystal Lumen Terra Aqua Sol Vita
Nord Alpen Berg Wald Licht Himmel Fleur Étoile Soleil Île Côte Mar Monte Río Luz Vale
""")

COMPANY_SUFFIXES = _words("""
peak point works labs line field wave bridge stone gate path forge craft way view side port
mark base hub core logic mind sight scale stack shift ware soft tech data flow grid link net
sphere tide wind leaf root crest ridge haven dale wood brook spring vale fall light
""")

COMPANY_NOUNS = _words("""
Harbor Ridge Valley Bridge Tower Garden Market Meadow Canyon Forest Island Coast Bay Crown
Anchor Compass Beacon Lantern Arrow Shield Circle Square Delta Orchard Mill Foundry Studio Works
""")

SECTOR_WORDS = _words("""
Analytics Systems Solutions Logistics Consulting Partners Group Holdings Technologies Software
Labs Media Health Foods Energy Capital Ventures Robotics Networks Dynamics Industries Design
Engineering Pharma Biotech Security Mobility Retail Finance Insurance Construction Properties
Textiles Chemicals Foods Logistik Technik Beratung Conseil Ingénierie Servicios Soluções Serviços
""")

# Country code, weight, top-level domain, legal suffixes, cities, phone country code.
COUNTRIES = [
    (
        "US",
        30,
        "com",
        ["Inc.", "LLC", "Corp."],
        [
            "New York",
            "San Francisco",
            "Austin",
            "Chicago",
            "Boston",
            "Seattle",
            "Denver",
            "Atlanta",
            "Miami",
            "Los Angeles",
        ],
        "1",
    ),
    (
        "GB",
        10,
        "co.uk",
        ["Ltd", "PLC", "LLP"],
        ["London", "Manchester", "Bristol", "Edinburgh", "Leeds", "Glasgow", "Cambridge"],
        "44",
    ),
    (
        "DE",
        10,
        "de",
        ["GmbH", "AG", "GmbH & Co. KG"],
        [
            "Berlin",
            "München",
            "Hamburg",
            "Köln",
            "Frankfurt am Main",
            "Stuttgart",
            "Düsseldorf",
            "Leipzig",
        ],
        "49",
    ),
    (
        "FR",
        8,
        "fr",
        ["SAS", "SA", "SARL"],
        ["Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Bordeaux", "Lille", "Montpellier"],
        "33",
    ),
    (
        "ES",
        6,
        "es",
        ["S.L.", "S.A."],
        ["Madrid", "Barcelona", "Valencia", "Sevilla", "Málaga", "Bilbao", "Zaragoza"],
        "34",
    ),
    (
        "IT",
        5,
        "it",
        ["S.r.l.", "S.p.A."],
        ["Milano", "Roma", "Torino", "Bologna", "Firenze", "Napoli"],
        "39",
    ),
    ("PT", 3, "pt", ["Lda.", "S.A."], ["Lisboa", "Porto", "Braga", "Coimbra"], "351"),
    ("NL", 4, "nl", ["B.V.", "N.V."], ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"], "31"),
    ("SE", 3, "se", ["AB"], ["Stockholm", "Göteborg", "Malmö", "Uppsala"], "46"),
    ("NO", 2, "no", ["AS", "ASA"], ["Oslo", "Bergen", "Trondheim", "Tromsø"], "47"),
    ("DK", 2, "dk", ["ApS", "A/S"], ["København", "Aarhus", "Odense"], "45"),
    ("FI", 2, "fi", ["Oy", "Oyj"], ["Helsinki", "Espoo", "Tampere", "Oulu"], "358"),
    (
        "PL",
        3,
        "pl",
        ["Sp. z o.o.", "S.A."],
        ["Warszawa", "Kraków", "Wrocław", "Gdańsk", "Poznań", "Łódź"],
        "48",
    ),
    ("CZ", 1, "cz", ["s.r.o.", "a.s."], ["Praha", "Brno", "Ostrava"], "420"),
    ("TR", 2, "com.tr", ["A.Ş.", "Ltd. Şti."], ["İstanbul", "Ankara", "İzmir"], "90"),
    ("IE", 2, "ie", ["Ltd", "DAC"], ["Dublin", "Cork", "Galway"], "353"),
    (
        "IN",
        3,
        "in",
        ["Pvt. Ltd.", "Ltd."],
        ["Bengaluru", "Mumbai", "Pune", "Hyderabad", "Chennai"],
        "91",
    ),
    ("JP", 1, "jp", ["K.K.", "G.K."], ["Tokyo", "Osaka", "Yokohama", "Kyoto"], "81"),
    (
        "BR",
        2,
        "com.br",
        ["Ltda.", "S.A."],
        ["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba"],
        "55",
    ),
]

INDUSTRIES = """
Software|Financial Services|Healthcare|Manufacturing|Retail|Logistics|Education|Real Estate|
Media|Telecommunications|Energy|Hospitality|Construction|Consulting|Biotechnology|Insurance|
Automotive|Food & Beverage|Legal Services|Non-profit|Government|Agriculture|E-commerce
""".replace("\n", "").split("|")

TITLES = """
CEO|CTO|CFO|COO|Founder|Co-founder|VP Sales|VP Marketing|VP Engineering|Head of Operations|
Head of Procurement|Sales Manager|Account Executive|Marketing Manager|Product Manager|
Software Engineer|Senior Engineer|Office Manager|HR Manager|Purchasing Manager|Finance Director|
Operations Manager|Business Analyst|Customer Success Manager|IT Director|Legal Counsel|
Managing Director|Geschäftsführer|Directeur commercial|Responsable achats|Director de ventas|
Consultant|Project Manager|Designer|Data Analyst|Partner|Owner|Assistant
""".replace("\n", "").split("|")

SOURCES = ["import", "web form", "referral", "event", "linkedin", "cold outreach", "partner", ""]
TAGS = ["vip", "newsletter", "partner", "churn-risk", "event-2025", "decision-maker", "champion"]

FREEMAIL = [
    ("gmail.com", 30),
    ("outlook.com", 12),
    ("yahoo.com", 8),
    ("hotmail.com", 6),
    ("icloud.com", 5),
    ("proton.me", 3),
    ("gmx.de", 4),
    ("web.de", 3),
    ("orange.fr", 3),
    ("libero.it", 2),
    ("wp.pl", 2),
    ("seznam.cz", 1),
]

_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "æ": "ae",
        "Æ": "AE",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "İ": "I",
        "'": "",
        "’": "",
    }
)


def ascii_fold(text: str) -> str:
    """'Søren Łukasz-Müller' -> 'Soren Lukasz-Muller' (for email addresses and domains)."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def slug(text: str) -> str:
    """Lower-case letters and digits only: 'Blue Harbor' -> 'blueharbor'."""
    return "".join(ch for ch in ascii_fold(text).lower() if ch.isalnum())
