"""Synthetic partnership networks of any size, with the structure of real ones (issue #7).

``generate_network(organizations, seed=0)`` returns a network in the in-memory
form of :mod:`loaders.schema` (table name -> list of typed row dicts, every
table of the format filled) with exactly ``organizations`` organizations. It
is a pure function of its two arguments (one ``numpy.random.Generator``, no
clock, no set iteration) and it scales: every random draw is a vectorised
numpy draw, and the only Python loops build the output rows.

Names are synthetic but readable ("Synthetic University 123 (Morocco)",
"Université synthétique 123 (Maroc)"); identifiers are stable strings
(``uni-0000123``, ``prj-0000042``, ``agr-0000007``, ``hq``, ``reg-03``).
Countries, French cities and the expertise vocabulary are real words; every
organization, project, amount and relation is invented.

Structure (the constants below are the knobs)
---------------------------------------------

Sizes follow Horizon 2020 (35,872 organizations, 31,451 projects, 144,726
participations): ``PROJECTS_PER_ORGANIZATION`` = 0.877 projects per
organization, about 4 participations per organization. With 35,872
organizations it draws 31,460 projects and about 144,000 participations; the
most active organization takes part in 270 to 530 projects depending on the
seed (the very top is lighter than in H2020, where CNRS has about 1,900).

- **Home network**: one headquarters, ``round(sqrt(N) / 10)`` regional centres
  (3 to 30, in real French cities), ``N // 500`` teaching centres (5 to 400),
  each a member of a regional centre, which is a member of the headquarters,
  and ``N // 2000`` partner centres abroad (2 to 60), members of the
  headquarters. Centres have the role ``centre`` and take part in projects.
- **Funders**: 5 to 20 (``round(2 log10 N) + 4``), of ``FUNDERS``. Each
  project has one funder (``CO_FUNDING`` = 12 % have a second one), drawn
  with the funder's weight, times 4 in the country groups it serves; the first
  one (a European agency serving every group) funds about 60 % of the projects,
  the first three about 85 %.
  Amounts are a share of the budget, the year is the project's start year.
- **Organizations**: a kind (``KINDS``: companies 42 %, universities 12 %,
  research 14 %, public 14 %, other 18 %), a country (``COUNTRIES``, weighted
  roughly like H2020 participants, France heavier: it is the home country), a
  *community* (one expertise term) and an *activity* weight: Pareto with tail
  exponent ``ACTIVITY_ALPHA`` = 1.5, truncated at ``N ** (1 / 1.5)`` (the
  typical largest of N draws, so that no seed makes a giant), times a factor of
  the kind (universities 3, research 2, companies 0.6). The headquarters gets
  the largest weight.
- **Communities**: ``round(N / ORGS_PER_COMMUNITY)`` (8 to 1,152) expertise
  terms of unequal popularity (log-normal): fields of the vocabulary while
  there are at most 72, then topics (a field and an aspect: "Solar energy:
  policy"). With the 8 country groups of ``COUNTRY_GROUPS`` they make the
  *buckets* a project recruits from.
- **Projects**: a coordinator drawn by activity (capped, see below); the
  project's community and country group are the coordinator's. Size:
  log-normal, median ``PROJECT_SIZE_MEDIAN`` = 3.5, sigma ``PROJECT_SIZE_SIGMA``
  = 0.5, except ``LARGE_PROJECTS`` = 3 % of large consortia (median 14, sigma
  0.7); from 1 to ``PROJECT_SIZE_CAP`` = 100 participants (the cap is hard: no
  project ever has more; a size drawn beyond it is drawn again between 50 and
  100). The median size is 4, the mean about 4.6. Each other seat is filled by activity from the
  project's bucket (``POOL_BUCKET`` = 50 %), its community in any country
  group (``POOL_COMMUNITY`` = 30 %), or anyone (20 %). Within a community an
  organization's weight is capped at ``COMMUNITY_SHARE_CAP`` = 3 % of the
  community's total, so the largest organizations get most of their projects
  from the "anyone" draws: they are multidisciplinary and do not fill their
  own community's projects twice. A seat drawn twice in one project is drawn
  again (three times), then dropped. Finally every organization left without
  a project joins one of its bucket (else its community, else any), so all
  take part in at least one: most in 1 to 3, the most active in hundreds or
  thousands. Start years 2010 to 2024 (more projects in later years), start
  on the 1st of a random month, 1 to 5 years long; budget log-normal around 180,000 euros a
  participant; contributions shares of it (the coordinator's larger).
- **Expertise**: 12 domains, 72 fields (English and French names), plus the
  topics used as communities; every organization declares its community's term
  (level 2 to 5), often a field of the same domain (level 1 to 3), sometimes
  another term (level 1 to 2); organizations in at least ``HUB_PROJECTS``
  projects also declare the 3 fields they work most in. Evidence is a text
  chosen by kind. Projects address their community's term (first), often its
  field or a sibling field, sometimes another term.
- **Agreements**: ``AGREEMENTS_PER_ORGANIZATION`` = 0.05 per organization;
  40 % between a centre and an organization drawn by activity, 60 % between
  two participants of the same project; 85 % bilateral, 12 % with a third
  party, 3 % with 4 to 6. Signed 2008 to 2024, for 3 to 5 years (10 % open).

Examples
--------
>>> network = generate_network(500, seed=1)
>>> len(network["organizations"])
500
>>> network == generate_network(500, seed=1)
True
>>> from loaders.validate import has_errors, validate_network
>>> has_errors(validate_network(network))
False
"""

from __future__ import annotations

import datetime as _dt
import gc
import math
from collections.abc import Iterator, Sequence

import numpy as np

from loaders.schema import TABLE_ORDER, with_all_columns

__all__ = [
    "COUNTRIES",
    "COUNTRY_GROUPS",
    "FUNDERS",
    "MIN_ORGANIZATIONS",
    "PROJECT_SIZE_CAP",
    "SYNTHETIC_NOTICE",
    "SYNTHETIC_SOURCE",
    "generate_network",
]

SYNTHETIC_SOURCE = "partnernet-synthetic"
SYNTHETIC_NOTICE = "Synthetic network: every organization, project, amount and relation is invented."

#: Smallest network generated (the home network and the funders need room).
MIN_ORGANIZATIONS = 50

PROJECTS_PER_ORGANIZATION = 0.877  # H2020: 31,451 projects / 35,872 organizations
PROJECT_SIZE_MEDIAN = 3.5
PROJECT_SIZE_SIGMA = 0.5
LARGE_PROJECTS = 0.03
LARGE_PROJECT_MEDIAN = 14.0
LARGE_PROJECT_SIGMA = 0.7
#: Most participants of one project (hard limit).
PROJECT_SIZE_CAP = 100
ACTIVITY_ALPHA = 1.5
ORGS_PER_COMMUNITY = 400
COMMUNITY_SHARE_CAP = 0.03
POOL_BUCKET = 0.5
POOL_COMMUNITY = 0.3
CO_FUNDING = 0.12
HUB_PROJECTS = 20
AGREEMENTS_PER_ORGANIZATION = 0.05
FIRST_YEAR, LAST_YEAR = 2010, 2024

_DAY = _dt.timedelta(days=1)

#: Rows converted from numpy to Python values at a time.
_CHUNK = 1 << 16

# ---------------------------------------------------------------------------
# Reference data (one record a line)
# ---------------------------------------------------------------------------

COUNTRY_GROUPS = (
    "western-europe",
    "southern-europe",
    "northern-europe",
    "central-eastern-europe",
    "mediterranean-middle-east",
    "sub-saharan-africa",
    "americas",
    "asia-pacific",
)

# fmt: off
#: code, English name, French name, priority group, country group (index), weight, capital lat, lon.
COUNTRIES: tuple[tuple[str, str, str, str | None, int, float, float, float], ...] = (
    ("FR", "France", "France", "home", 0, 14.0, 48.86, 2.35),
    ("DE", "Germany", "Allemagne", "europe", 0, 10.0, 52.52, 13.40),
    ("GB", "United Kingdom", "Royaume-Uni", None, 0, 8.0, 51.51, -0.13),
    ("NL", "Netherlands", "Pays-Bas", "europe", 0, 4.5, 52.37, 4.90),
    ("BE", "Belgium", "Belgique", "europe", 0, 4.0, 50.85, 4.35),
    ("CH", "Switzerland", "Suisse", None, 0, 2.5, 46.95, 7.45),
    ("AT", "Austria", "Autriche", "europe", 0, 2.5, 48.21, 16.37),
    ("IE", "Ireland", "Irlande", "europe", 0, 1.5, 53.35, -6.26),
    ("LU", "Luxembourg", "Luxembourg", "europe", 0, 0.4, 49.61, 6.13),
    ("ES", "Spain", "Espagne", "europe", 1, 9.0, 40.42, -3.70),
    ("IT", "Italy", "Italie", "europe", 1, 9.0, 41.90, 12.50),
    ("PT", "Portugal", "Portugal", "europe", 1, 3.0, 38.72, -9.14),
    ("GR", "Greece", "Grèce", "europe", 1, 3.0, 37.98, 23.73),
    ("CY", "Cyprus", "Chypre", "europe", 1, 0.6, 35.17, 33.36),
    ("MT", "Malta", "Malte", "europe", 1, 0.3, 35.90, 14.51),
    ("SE", "Sweden", "Suède", "europe", 2, 2.5, 59.33, 18.07),
    ("DK", "Denmark", "Danemark", "europe", 2, 2.0, 55.68, 12.57),
    ("FI", "Finland", "Finlande", "europe", 2, 2.0, 60.17, 24.94),
    ("NO", "Norway", "Norvège", None, 2, 1.8, 59.91, 10.75),
    ("EE", "Estonia", "Estonie", "europe", 2, 0.6, 59.44, 24.75),
    ("LT", "Lithuania", "Lituanie", "europe", 2, 0.6, 54.69, 25.28),
    ("PL", "Poland", "Pologne", "europe", 3, 2.5, 52.23, 21.01),
    ("CZ", "Czechia", "Tchéquie", "europe", 3, 1.5, 50.08, 14.44),
    ("HU", "Hungary", "Hongrie", "europe", 3, 1.2, 47.50, 19.04),
    ("RO", "Romania", "Roumanie", "europe", 3, 1.2, 44.43, 26.10),
    ("BG", "Bulgaria", "Bulgarie", "europe", 3, 0.8, 42.70, 23.32),
    ("SI", "Slovenia", "Slovénie", "europe", 3, 0.8, 46.06, 14.51),
    ("RS", "Serbia", "Serbie", None, 3, 0.6, 44.79, 20.45),
    ("UA", "Ukraine", "Ukraine", None, 3, 0.5, 50.45, 30.52),
    ("MA", "Morocco", "Maroc", "francophone", 4, 0.8, 34.02, -6.84),
    ("TN", "Tunisia", "Tunisie", "francophone", 4, 0.6, 36.81, 10.18),
    ("DZ", "Algeria", "Algérie", "francophone", 4, 0.4, 36.75, 3.06),
    ("EG", "Egypt", "Égypte", None, 4, 0.4, 30.04, 31.24),
    ("LB", "Lebanon", "Liban", "francophone", 4, 0.3, 33.89, 35.50),
    ("TR", "Türkiye", "Turquie", "emerging", 4, 1.2, 39.93, 32.86),
    ("IL", "Israel", "Israël", None, 4, 1.0, 31.77, 35.21),
    ("SN", "Senegal", "Sénégal", "francophone", 5, 0.3, 14.72, -17.47),
    ("CI", "Côte d'Ivoire", "Côte d'Ivoire", "francophone", 5, 0.25, 5.35, -4.01),
    ("CM", "Cameroon", "Cameroun", "francophone", 5, 0.2, 3.87, 11.52),
    ("MG", "Madagascar", "Madagascar", "francophone", 5, 0.15, -18.88, 47.51),
    ("ZA", "South Africa", "Afrique du Sud", "emerging", 5, 0.6, -25.75, 28.19),
    ("KE", "Kenya", "Kenya", None, 5, 0.3, -1.29, 36.82),
    ("NG", "Nigeria", "Nigeria", None, 5, 0.2, 9.08, 7.40),
    ("US", "United States", "États-Unis", None, 6, 1.5, 38.91, -77.04),
    ("CA", "Canada", "Canada", "francophone", 6, 0.8, 45.42, -75.70),
    ("BR", "Brazil", "Brésil", "emerging", 6, 0.6, -15.79, -47.88),
    ("MX", "Mexico", "Mexique", "emerging", 6, 0.3, 19.43, -99.13),
    ("AR", "Argentina", "Argentine", None, 6, 0.25, -34.60, -58.38),
    ("CL", "Chile", "Chili", None, 6, 0.2, -33.45, -70.67),
    ("HT", "Haiti", "Haïti", "francophone", 6, 0.05, 18.54, -72.34),
    ("CN", "China", "Chine", "emerging", 7, 0.8, 39.90, 116.41),
    ("JP", "Japan", "Japon", None, 7, 0.5, 35.68, 139.69),
    ("IN", "India", "Inde", "emerging", 7, 0.5, 28.61, 77.21),
    ("KR", "South Korea", "Corée du Sud", None, 7, 0.4, 37.57, 126.98),
    ("VN", "Vietnam", "Viêt Nam", "francophone", 7, 0.2, 21.03, 105.85),
    ("AU", "Australia", "Australie", None, 7, 0.4, -35.28, 149.13),
    ("SG", "Singapore", "Singapour", None, 7, 0.2, 1.35, 103.82),
)

#: Cities of the regional centres (the headquarters is in Paris): name, lat, lon.
FRENCH_CITIES: tuple[tuple[str, float, float], ...] = (
    ("Lyon", 45.76, 4.84), ("Marseille", 43.30, 5.37), ("Toulouse", 43.60, 1.44), ("Lille", 50.63, 3.06),
    ("Nantes", 47.22, -1.55), ("Strasbourg", 48.57, 7.75), ("Montpellier", 43.61, 3.88), ("Bordeaux", 44.84, -0.58),
    ("Rennes", 48.11, -1.68), ("Nice", 43.70, 7.27), ("Grenoble", 45.19, 5.72), ("Dijon", 47.32, 5.04),
    ("Reims", 49.26, 4.03), ("Rouen", 49.44, 1.10), ("Clermont-Ferrand", 45.78, 3.08), ("Nancy", 48.69, 6.18),
    ("Angers", 47.47, -0.55), ("Caen", 49.18, -0.37), ("Orléans", 47.90, 1.91), ("Poitiers", 46.58, 0.34),
    ("Limoges", 45.83, 1.26), ("Besançon", 47.24, 6.02), ("Amiens", 49.89, 2.30), ("Ajaccio", 41.93, 8.74),
    ("Brest", 48.39, -4.49), ("Tours", 47.39, 0.69), ("Metz", 49.12, 6.18), ("Pau", 43.30, -0.37),
    ("Perpignan", 42.70, 2.90), ("Le Mans", 48.00, 0.20),
)

#: Expertise: domain id, English, French, and its six fields (id, English, French).
DOMAINS: tuple[tuple[str, str, str, tuple[tuple[str, str, str], ...]], ...] = (
    ("computing", "Computer science", "Informatique", (
        ("cybersecurity", "Cybersecurity", "Cybersécurité"),
        ("artificial-intelligence", "Artificial intelligence", "Intelligence artificielle"),
        ("data-science", "Data science", "Science des données"),
        ("software-engineering", "Software engineering", "Génie logiciel"),
        ("networks-telecom", "Networks and telecommunications", "Réseaux et télécommunications"),
        ("embedded-systems", "Embedded systems", "Systèmes embarqués"),
    )),
    ("energy", "Energy", "Énergie", (
        ("solar-energy", "Solar energy", "Énergie solaire"),
        ("wind-energy", "Wind energy", "Énergie éolienne"),
        ("power-grids", "Power grids", "Réseaux électriques"),
        ("energy-efficiency", "Energy efficiency", "Efficacité énergétique"),
        ("hydrogen", "Hydrogen", "Hydrogène"),
        ("nuclear-engineering", "Nuclear engineering", "Génie nucléaire"),
    )),
    ("environment", "Water and environment", "Eau et environnement", (
        ("water-resources", "Water resources", "Ressources en eau"),
        ("water-treatment", "Water treatment", "Traitement de l'eau"),
        ("climate-adaptation", "Climate change adaptation", "Adaptation au changement climatique"),
        ("waste-management", "Waste management", "Gestion des déchets"),
        ("biodiversity", "Biodiversity", "Biodiversité"),
        ("air-quality", "Air quality", "Qualité de l'air"),
    )),
    ("construction", "Civil engineering", "Génie civil", (
        ("structural-engineering", "Structural engineering", "Calcul des structures"),
        ("earthquake-engineering", "Earthquake engineering", "Génie parasismique"),
        ("sustainable-building", "Sustainable building", "Bâtiment durable"),
        ("urban-planning", "Urban planning", "Urbanisme"),
        ("geotechnics", "Geotechnics", "Géotechnique"),
        ("building-materials", "Building materials", "Matériaux de construction"),
    )),
    ("transport", "Transport and mobility", "Transports et mobilité", (
        ("rail-transport", "Rail transport", "Transport ferroviaire"),
        ("urban-mobility", "Urban mobility", "Mobilité urbaine"),
        ("logistics", "Logistics", "Logistique"),
        ("aeronautics", "Aeronautics and space", "Aéronautique et spatial"),
        ("maritime-transport", "Maritime transport", "Transport maritime"),
        ("electric-vehicles", "Electric vehicles", "Véhicules électriques"),
    )),
    ("industry", "Industrial engineering", "Génie industriel", (
        ("mechanical-engineering", "Mechanical engineering", "Génie mécanique"),
        ("materials-science", "Materials science", "Science des matériaux"),
        ("robotics", "Robotics", "Robotique"),
        ("industry-4-0", "Industry 4.0", "Industrie du futur"),
        ("chemical-engineering", "Chemical engineering", "Génie chimique"),
        ("quality-management", "Quality management", "Gestion de la qualité"),
    )),
    ("management", "Management and economics", "Management et économie", (
        ("business-management", "Business management", "Gestion des entreprises"),
        ("accounting-finance", "Accounting and finance", "Comptabilité et finance"),
        ("entrepreneurship", "Entrepreneurship", "Entrepreneuriat"),
        ("human-resources", "Human resources", "Ressources humaines"),
        ("public-administration", "Public administration", "Administration publique"),
        ("marketing", "Marketing", "Marketing"),
    )),
    ("health", "Health", "Santé", (
        ("public-health", "Public health", "Santé publique"),
        ("health-informatics", "Health informatics", "Informatique médicale"),
        ("occupational-safety", "Occupational health and safety", "Santé et sécurité au travail"),
        ("biomedical-engineering", "Biomedical engineering", "Génie biomédical"),
        ("pharmacology", "Pharmacology", "Pharmacologie"),
        ("nursing", "Nursing and care", "Soins infirmiers"),
    )),
    ("education", "Education and training", "Éducation et formation", (
        ("distance-learning", "Distance learning", "Formation à distance"),
        ("vocational-training", "Vocational training", "Formation professionnelle"),
        ("teacher-training", "Teacher training", "Formation des formateurs"),
        ("lifelong-learning", "Lifelong learning", "Formation tout au long de la vie"),
        ("educational-technology", "Educational technology", "Technologies éducatives"),
        ("languages", "Languages", "Langues"),
    )),
    ("agrifood", "Agriculture and food", "Agriculture et alimentation", (
        ("agronomy", "Agronomy", "Agronomie"),
        ("food-science", "Food science", "Sciences des aliments"),
        ("food-safety", "Food safety", "Sécurité sanitaire des aliments"),
        ("fisheries", "Fisheries and aquaculture", "Pêche et aquaculture"),
        ("forestry", "Forestry", "Sylviculture"),
        ("rural-development", "Rural development", "Développement rural"),
    )),
    ("sciences", "Fundamental sciences", "Sciences fondamentales", (
        ("mathematics", "Mathematics", "Mathématiques"),
        ("physics", "Physics", "Physique"),
        ("chemistry", "Chemistry", "Chimie"),
        ("biology", "Biology", "Biologie"),
        ("earth-sciences", "Earth sciences", "Sciences de la Terre"),
        ("astronomy", "Astronomy", "Astronomie"),
    )),
    ("society", "Humanities and society", "Sciences humaines et sociales", (
        ("law", "Law", "Droit"),
        ("sociology", "Sociology", "Sociologie"),
        ("history", "History", "Histoire"),
        ("cultural-heritage", "Cultural heritage", "Patrimoine culturel"),
        ("migration-studies", "Migration studies", "Études des migrations"),
        ("media-communication", "Media and communication", "Médias et communication"),
    )),
)

#: Aspects that turn a field into a topic ("Solar energy: policy"): id, English, French.
ASPECTS: tuple[tuple[str, str, str], ...] = (
    ("methods", "methods", "méthodes"),
    ("applications", "applications", "applications"),
    ("education", "education", "enseignement"),
    ("policy", "policy", "politiques publiques"),
    ("industry", "industry", "industrie"),
    ("sustainability", "sustainability", "durabilité"),
    ("data", "data", "données"),
    ("safety", "safety", "sûreté"),
    ("standards", "standards", "normalisation"),
    ("economics", "economics", "économie"),
    ("digital-tools", "digital tools", "outils numériques"),
    ("innovation", "innovation", "innovation"),
    ("modelling", "modelling", "modélisation"),
    ("skills", "skills", "compétences"),
    ("international", "international cooperation", "coopération internationale"),
    ("territories", "territories", "territoires"),
)

#: Kinds of regular organizations: kind, share, activity factor, id prefix, English and French name.
KINDS: tuple[tuple[str, float, float, str, str, str], ...] = (
    ("company", 0.42, 0.6, "com", "Synthetic Company", "Entreprise synthétique"),
    ("university", 0.12, 3.0, "uni", "Synthetic University", "Université synthétique"),
    ("research", 0.14, 2.0, "res", "Synthetic Research Institute", "Institut de recherche synthétique"),
    ("public", 0.14, 1.0, "pub", "Synthetic Public Agency", "Agence publique synthétique"),
    ("other", 0.18, 0.7, "oth", "Synthetic Association", "Association synthétique"),
)

#: Funders: id, name, French name, short name, country, country groups served (None: all), weight, programmes.
FUNDERS: tuple[tuple[str, str, str, str, str, tuple[int, ...] | None, float, tuple[str, ...]], ...] = (
    ("fund-europe", "Synthetic European Research Agency", "Agence européenne de la recherche synthétique", "SERA",
     "BE", None, 12.0, ("Synthetic Framework Programme – Research", "Synthetic Framework Programme – Innovation",
                        "Synthetic Framework Programme – Infrastructures")),
    ("fund-mobility", "Synthetic Education and Mobility Agency", "Agence synthétique de l'éducation et de la mobilité",
     "SEMA", "BE", None, 3.0, ("Synthetic Mobility Programme", "Synthetic Capacity Building")),
    ("fund-france", "Synthetic National Research Agency", "Agence nationale de la recherche synthétique", "SNRA",
     "FR", (0,), 2.0, ("Synthetic Generic Call", "Synthetic Bilateral Call")),
    ("fund-development", "Synthetic Development Agency", "Agence de développement synthétique", "SDA",
     "FR", (4, 5), 2.5, ("Synthetic Development Partnerships", "Synthetic Vocational Training Fund")),
    ("fund-germany", "Synthetic German Research Foundation", "Fondation allemande de la recherche synthétique",
     "SGRF", "DE", (0, 3), 1.5, ("Synthetic Research Grants",)),
    ("fund-south", "Synthetic Southern Europe Research Fund", "Fonds synthétique de la recherche d'Europe du Sud",
     "SSERF", "ES", (1,), 1.5, ("Synthetic Southern Call",)),
    ("fund-nordic", "Synthetic Nordic Research Council", "Conseil nordique de la recherche synthétique", "SNRC",
     "SE", (2,), 1.2, ("Synthetic Nordic Call",)),
    ("fund-central", "Synthetic Central European Innovation Fund", "Fonds synthétique d'innovation d'Europe centrale",
     "SCEIF", "PL", (3,), 1.0, ("Synthetic Cohesion Call",)),
    ("fund-francophonie", "Synthetic Francophone University Agency", "Agence universitaire synthétique de la "
     "Francophonie", "SFUA", "CA", (4, 5), 1.2, ("Synthetic Francophone Call",)),
    ("fund-americas", "Synthetic Inter-American Science Foundation", "Fondation interaméricaine synthétique pour la "
     "science", "SIASF", "US", (6,), 1.2, ("Synthetic Americas Call",)),
    ("fund-asia", "Synthetic Asia-Pacific Cooperation Fund", "Fonds synthétique de coopération Asie-Pacifique",
     "SAPCF", "JP", (7,), 1.0, ("Synthetic Asia-Pacific Call",)),
    ("fund-africa", "Synthetic African Development Fund", "Fonds africain de développement synthétique", "SADF",
     "CI", (5,), 0.8, ("Synthetic African Skills Call",)),
    ("fund-mediterranean", "Synthetic Mediterranean Union Fund", "Fonds synthétique de l'Union pour la Méditerranée",
     "SMUF", "TN", (1, 4), 0.8, ("Synthetic Mediterranean Call",)),
    ("fund-innovation-bank", "Synthetic European Innovation Bank", "Banque européenne d'innovation synthétique",
     "SEIB", "LU", None, 0.6, ("Synthetic Innovation Loans",)),
    ("fund-region", "Synthetic Regional Council", "Conseil régional synthétique", "SRC",
     "FR", (0,), 0.6, ("Synthetic Decentralised Cooperation",)),
    ("fund-uk", "Synthetic UK Research Council", "Conseil britannique de la recherche synthétique", "SUKRC",
     "GB", (0,), 0.8, ("Synthetic UK Call",)),
    ("fund-swiss", "Synthetic Swiss Science Fund", "Fonds suisse synthétique pour la science", "SSSF",
     "CH", (0,), 0.6, ("Synthetic Swiss Call",)),
    ("fund-foundation", "Synthetic Philanthropic Foundation", "Fondation philanthropique synthétique", "SPF",
     "US", None, 0.4, ("Synthetic Foundation Grants",)),
    ("fund-health", "Synthetic Global Health Fund", "Fonds mondial synthétique pour la santé", "SGHF",
     "CH", None, 0.4, ("Synthetic Health Call",)),
    ("fund-climate", "Synthetic Climate Fund", "Fonds synthétique pour le climat", "SCF",
     "KR", None, 0.4, ("Synthetic Climate Call",)),
)

#: Evidence of an organization's expertise, by kind.
EVIDENCE: dict[str, tuple[str, ...]] = {
    "company": ("Products and services", "R&D department", "Industrial know-how", "Certification ISO 9001"),
    "university": ("Master's programme", "Research laboratory", "Doctoral school", "Licence professionnelle"),
    "research": ("Research laboratory", "Publications", "Research infrastructure", "Équipe de recherche"),
    "public": ("Public service mission", "Expert network", "Politiques publiques"),
    "other": ("Training courses", "Network of members", "Expertise associative"),
    "training centre": ("Formation diplômante", "Certificate programme", "Cours du soir"),
    "agency": ("Funding programme",),
}
PROJECT_EVIDENCE = "Track record of projects"

#: Project titles: English and French patterns ({t}: the expertise, {c}: the coordinator's country).
TITLES_EN = (
    "Research network on {t} ({c})",
    "Capacity building in {t} ({c})",
    "Joint master's programme in {t}",
    "Innovation platform for {t} ({c})",
    "Staff and student mobility in {t}",
    "Applied research on {t} ({c})",
    "Training of trainers in {t}",
    "Pilot project on {t} ({c})",
)
TITLES_FR = (
    "Réseau de recherche en {t} ({c})",
    "Renforcement des capacités en {t} ({c})",
    "Master conjoint en {t}",
    "Plateforme d'innovation en {t} ({c})",
    "Mobilité des étudiants et des personnels en {t}",
    "Recherche appliquée en {t} ({c})",
    "Formation de formateurs en {t}",
    "Projet pilote en {t} ({c})",
)

AGREEMENT_KINDS = (
    ("convention", 0.45),
    ("MoU", 0.30),
    ("joint degree", 0.10),
    ("framework agreement", 0.10),
    ("exchange agreement", 0.05),
)
# fmt: on


def generate_network(organizations: int, seed: int = 0) -> dict[str, list[dict]]:
    """A synthetic network of exactly ``organizations`` organizations; the same for the same arguments.

    ``organizations`` is at least :data:`MIN_ORGANIZATIONS`; ``seed`` is a
    non-negative integer. The structure is described in the module docstring.
    """
    if isinstance(organizations, bool) or not isinstance(organizations, int):
        raise ValueError(f"organizations must be an integer, not {organizations!r}")
    if organizations < MIN_ORGANIZATIONS:
        raise ValueError(f"organizations must be at least {MIN_ORGANIZATIONS}, not {organizations}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    # Millions of small dicts: the cyclic garbage collector would walk them again and again, for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return with_all_columns(_Synthesis(organizations, np.random.default_rng(seed)).network())
    finally:
        if collecting:
            gc.enable()


# ---------------------------------------------------------------------------
# Drawing helpers
# ---------------------------------------------------------------------------


def _draw_in_ranges(rng: np.random.Generator, cumulative: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """For each range [start, end) of a cumulative weight array, a position drawn with probability ∝ weight.

    Ranges must be non-empty and hold some weight.
    """
    lo = np.where(start > 0, cumulative[np.maximum(start - 1, 0)], 0.0)
    hi = cumulative[end - 1]
    u = lo + rng.random(len(start)) * (hi - lo)
    return np.clip(np.searchsorted(cumulative, u, side="right"), start, end - 1)


def _pick(rng: np.random.Generator, weights: Sequence[float] | np.ndarray, size: int) -> np.ndarray:
    """``size`` indices into ``weights``, each drawn with probability ∝ its weight."""
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=size, p=p / p.sum())


def _chunked(*arrays: np.ndarray) -> Iterator[tuple]:
    """Rows of Python values from equal-length numpy arrays, converted a chunk at a time (bounded memory)."""
    for start in range(0, len(arrays[0]), _CHUNK):
        yield from zip(*(a[start : start + _CHUNK].tolist() for a in arrays), strict=True)


def _first_occurrences(codes: np.ndarray) -> np.ndarray:
    """Boolean mask of the first occurrence of each value of ``codes``."""
    keep = np.zeros(len(codes), dtype=bool)
    keep[np.unique(codes, return_index=True)[1]] = True
    return keep


def _lower_first(text: str) -> str:
    """'Solar energy' -> 'solar energy', acronyms and 'Industry 4.0' kept readable."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


class _Synthesis:
    """The draw of one network: numpy arrays first, then the rows."""

    def __init__(self, n: int, rng: np.random.Generator) -> None:
        self.n = n
        self.rng = rng
        self.regional = int(np.clip(round(math.sqrt(n) / 10), 3, len(FRENCH_CITIES)))
        self.teaching = int(np.clip(n // 500, 5, 400))
        self.partner_centres = int(np.clip(n // 2000, 2, 60))
        self.centres = 1 + self.regional + self.teaching + self.partner_centres
        self.funders = int(np.clip(round(2 * math.log10(n)) + 4, 5, len(FUNDERS)))
        self.communities = int(np.clip(round(n / ORGS_PER_COMMUNITY), 8, 72 * len(ASPECTS)))
        self.dates: dict[tuple[int, int], _dt.date] = {}

    # -- the whole network ----------------------------------------------------

    def network(self) -> dict[str, list[dict]]:
        self._vocabulary()
        self._organizations()
        self._projects()
        self._participations()
        self._fundings()
        self._expertise()
        self._agreements()
        self._identifiers()
        tables = {
            "countries": self._country_rows(),
            "organizations": self._organization_rows(),
            "memberships": self._membership_rows(),
            "expertise": self._expertise_rows(),
            "organization_expertise": self._organization_expertise_rows(),
            "projects": self._project_rows(),
            "project_expertise": self._project_expertise_rows(),
            "participations": self._participation_rows(),
            "fundings": self._funding_rows(),
            "agreements": self._agreement_rows(),
            "agreement_parties": self._agreement_party_rows(),
        }
        return {name: tables[name] for name in TABLE_ORDER}

    def _date(self, year: int, month: int) -> _dt.date:
        """The 1st of that month (one shared object per month)."""
        found = self.dates.get((year, month))
        if found is None:
            found = self.dates[(year, month)] = _dt.date(year, month, 1)
        return found

    # -- vocabulary -------------------------------------------------------------

    def _vocabulary(self) -> None:
        """Terms: domains, fields, then topics when communities outnumber fields; the community terms."""
        terms: list[tuple[str, str, str, int | None]] = []  # id, en, fr, broader index
        fields: list[tuple[str, str, str, int]] = []  # id, en, fr, domain index
        for d, (domain_id, en, fr, domain_fields) in enumerate(DOMAINS):
            terms.append((domain_id, en, fr, None))
            fields.extend((fid, fen, ffr, d) for fid, fen, ffr in domain_fields)
        n_domains = len(DOMAINS)
        terms.extend((fid, fen, ffr, d) for fid, fen, ffr, d in fields)
        per_domain = len(fields) // n_domains
        # Fields in round-robin over the domains, so that few communities still span many domains.
        spread = [d + n_domains * i for i in range(per_domain) for d in range(n_domains)]
        spread = [(f % n_domains) * per_domain + f // n_domains for f in spread]
        k = self.communities
        if k <= len(fields):
            community_field = np.array(spread[:k])
            community_term = n_domains + community_field
        else:
            pairs = [(f, a) for a in range(len(ASPECTS)) for f in spread][:k]
            community_field = np.array([f for f, _ in pairs])
            community_term = np.arange(len(terms), len(terms) + k)
            for f, a in pairs:
                fid, fen, ffr, _d = fields[f]
                aid, aen, afr = ASPECTS[a]
                terms.append((f"{fid}--{aid}", f"{fen}: {aen}", f"{ffr} : {afr}", n_domains + f))
        self.terms = terms
        self.n_domains = n_domains
        self.per_domain = per_domain
        self.community_field = community_field
        self.community_term = community_term
        self.community_domain = community_field // per_domain

    # -- organizations ------------------------------------------------------------

    def _organizations(self) -> None:
        rng, n = self.rng, self.n
        fr = next(i for i, c in enumerate(COUNTRIES) if c[0] == "FR")
        country_codes = [c[0] for c in COUNTRIES]
        self.group_of_country = np.array([c[4] for c in COUNTRIES])
        first_funder = self.centres
        first_regular = self.centres + self.funders
        regular = n - first_regular
        self.first_funder, self.first_regular = first_funder, first_regular

        # kind: index into KINDS for regular organizations; -1 centres, -2 funders
        kind = np.full(n, -1, dtype=np.int64)
        kind[first_funder:first_regular] = -2
        kind[first_regular:] = _pick(rng, [k[1] for k in KINDS], regular)
        country = np.full(n, fr, dtype=np.int64)
        abroad = [i for i, c in enumerate(COUNTRIES) if c[3] in ("francophone", "emerging")]
        start = 1 + self.regional + self.teaching
        country[start:first_funder] = np.array(abroad)[rng.integers(0, len(abroad), self.partner_centres)]
        country[first_funder:first_regular] = [country_codes.index(f[4]) for f in FUNDERS[: self.funders]]
        country[first_regular:] = _pick(rng, [c[5] for c in COUNTRIES], regular)

        # Activity: Pareto, truncated at the typical largest of n draws (no seed makes one giant of the network).
        weight = np.minimum(rng.pareto(ACTIVITY_ALPHA, n) + 1.0, n ** (1 / ACTIVITY_ALPHA))
        factors = np.array([k[2] for k in KINDS])
        weight[first_regular:] *= factors[kind[first_regular:]]
        weight[0] = weight[first_regular:].max()  # the headquarters: a hub
        weight[1 : 1 + self.regional] = rng.uniform(10, 40, self.regional)
        weight[1 + self.regional : start] = rng.uniform(1, 4, self.teaching)
        weight[start:first_funder] = rng.uniform(3, 15, self.partner_centres)
        weight[first_funder:first_regular] = 0.0

        popularity = rng.lognormal(0.0, 0.6, self.communities)
        community = _pick(rng, popularity, n)
        community[first_funder:first_regular] = -1

        self.kind, self.country, self.weight, self.community = kind, country, weight, community
        self.group = self.group_of_country[country]

        # Sampling tables over the organizations that take part in projects, sorted by bucket.
        groups = len(COUNTRY_GROUPS)
        active = np.flatnonzero(kind != -2)
        key = community[active] * groups + self.group[active]
        order = np.argsort(key, kind="stable")
        self.order = active[order]
        self.key_sorted = key[order]
        # Within a community, an organization's weight is capped at a share of the community's total.
        local = weight.copy()
        for _ in range(2):
            totals = np.bincount(community[active], weights=local[active], minlength=self.communities)
            cap = np.full(n, np.inf)
            cap[active] = COMMUNITY_SHARE_CAP * totals[community[active]]
            local = np.minimum(local, np.maximum(cap, 1.0))
        self.local_weight = local
        self.cum_local = np.cumsum(local[self.order])
        self.cum_all = np.cumsum(weight[self.order])

    def _bucket_range(self, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (
            np.searchsorted(self.key_sorted, key, side="left"),
            np.searchsorted(self.key_sorted, key, side="right"),
        )

    def _community_range(self, community: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        groups = len(COUNTRY_GROUPS)
        return (
            np.searchsorted(self.key_sorted, community * groups, side="left"),
            np.searchsorted(self.key_sorted, community * groups + groups, side="left"),
        )

    def _anyone(self, size: int) -> np.ndarray:
        """Organizations drawn by activity among all those taking part in projects."""
        u = self.rng.random(size) * self.cum_all[-1]
        return self.order[np.minimum(np.searchsorted(self.cum_all, u, side="right"), len(self.order) - 1)]

    # -- projects -------------------------------------------------------------------

    def _projects(self) -> None:
        rng = self.rng
        p = max(1, round(PROJECTS_PER_ORGANIZATION * self.n))
        self.n_projects = p
        u = rng.random(p) * self.cum_local[-1]
        pos = np.minimum(np.searchsorted(self.cum_local, u, side="right"), len(self.order) - 1)
        self.coordinator = self.order[pos]
        self.project_community = self.community[self.coordinator]
        self.project_key = self.key_sorted[pos]
        size = np.where(
            rng.random(p) < LARGE_PROJECTS,
            rng.lognormal(math.log(LARGE_PROJECT_MEDIAN), LARGE_PROJECT_SIGMA, p),
            rng.lognormal(math.log(PROJECT_SIZE_MEDIAN), PROJECT_SIZE_SIGMA, p),
        )
        # Sizes beyond the cap are drawn again between half the cap and the cap, not piled at the cap.
        over = size > PROJECT_SIZE_CAP
        size[over] = rng.integers(PROJECT_SIZE_CAP // 2, PROJECT_SIZE_CAP + 1, int(over.sum()))
        self.drawn_size = np.maximum(np.rint(size), 1).astype(np.int64)
        years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
        growth = 1 + 0.05 * (years - FIRST_YEAR)  # more projects in later years
        self.start_year = rng.choice(years, size=p, p=growth / growth.sum())
        self.start_month = rng.integers(1, 13, p)
        self.months = rng.choice(np.array([12, 24, 36, 48, 60]), size=p, p=[0.1, 0.3, 0.35, 0.15, 0.1])
        self.title_pattern = rng.integers(0, len(TITLES_EN), p)
        francophone = np.array([c[3] in ("home", "francophone") for c in COUNTRIES])
        self.title_fr = francophone[self.country[self.coordinator]] & (rng.random(p) < 0.6)

    def _participations(self) -> None:
        rng, n, p = self.rng, self.n, self.n_projects
        seats = self.drawn_size - 1
        slot_project = np.repeat(np.arange(p), seats)
        pool = rng.random(len(slot_project))
        local = pool < POOL_BUCKET + POOL_COMMUNITY
        in_bucket = pool < POOL_BUCKET
        org = np.empty(len(slot_project), dtype=np.int64)
        # Bucket and community draws (capped weights), then anyone (full weights).
        b_start, b_end = self._bucket_range(self.project_key[slot_project[in_bucket]])
        org[in_bucket] = self.order[_draw_in_ranges(rng, self.cum_local, b_start, b_end)]
        in_community = local & ~in_bucket
        c_start, c_end = self._community_range(self.project_community[slot_project[in_community]])
        org[in_community] = self.order[_draw_in_ranges(rng, self.cum_local, c_start, c_end)]
        org[~local] = self._anyone(int((~local).sum()))

        project = np.concatenate([np.arange(p), slot_project])
        org = np.concatenate([self.coordinator, org])
        # An organization drawn twice in a project is drawn again (anyone), three times, then dropped.
        for attempt in range(4):
            keep = _first_occurrences(project * n + org)  # the coordinators come first and are kept
            if keep.all():
                break
            if attempt == 3:
                project, org = project[keep], org[keep]
                break
            org[~keep] = self._anyone(int((~keep).sum()))

        # Every organization without a project joins one of its bucket, else its community, else any.
        degree = np.bincount(org, minlength=n)
        idle = np.flatnonzero((degree == 0) & (self.kind != -2))
        project_order = np.argsort(self.project_key, kind="stable")
        keys_sorted = self.project_key[project_order]
        groups = len(COUNTRY_GROUPS)
        idle_key = self.community[idle] * groups + self.group[idle]
        start = np.searchsorted(keys_sorted, idle_key, side="left")
        end = np.searchsorted(keys_sorted, idle_key, side="right")
        empty = end == start
        start[empty] = np.searchsorted(keys_sorted, self.community[idle[empty]] * groups, side="left")
        end[empty] = np.searchsorted(keys_sorted, self.community[idle[empty]] * groups + groups, side="left")
        empty = end == start
        start[empty], end[empty] = 0, p
        joined = project_order[start + (rng.random(len(idle)) * (end - start)).astype(np.int64)]
        # The size cap is hard: a joiner of a full project goes to another project.
        base = np.bincount(project, minlength=p)
        for _ in range(100):
            size = base + np.bincount(joined, minlength=p)
            over = size[joined] > PROJECT_SIZE_CAP
            if not over.any():
                break
            joined[over] = rng.integers(0, p, int(over.sum()))
        else:  # pragma: no cover - would need almost every project full
            raise RuntimeError("could not place every organization in a project under the size cap")
        project = np.concatenate([project, joined])
        org = np.concatenate([org, idle])

        # Rows grouped by project, coordinator first.
        order = np.argsort(project, kind="stable")
        self.part_project, self.part_org = project[order], org[order]
        role = np.zeros(len(order), dtype=np.int64)  # 0 coordinator, 1 participant, 2 partner, 3 associated
        is_coordinator = order < p
        others = int((~is_coordinator).sum())
        role[~is_coordinator] = 1 + _pick(rng, [0.90, 0.06, 0.04], others)
        self.part_role = role
        self.size = np.bincount(self.part_project, minlength=p)

        # Budget: log-normal around 180,000 euros a participant; contributions are shares of it.
        budget = np.exp(rng.normal(math.log(180_000), 0.6, p)) * self.size**0.9
        self.budget = np.round(budget, -3)
        share = rng.lognormal(0.0, 0.5, len(order)) * np.where(is_coordinator, 1.8, 1.0) * (role != 3)
        total = np.bincount(self.part_project, weights=share, minlength=p)
        self.contribution = np.round(self.budget[self.part_project] * share / total[self.part_project])

    def _fundings(self) -> None:
        rng, p = self.rng, self.n_projects
        funders = FUNDERS[: self.funders]
        groups = len(COUNTRY_GROUPS)
        table = np.zeros((groups, len(funders)))
        for f, entry in enumerate(funders):
            served = entry[5]
            for g in range(groups):
                table[g, f] = entry[6] * (4.0 if served is None or g in served else 1.0)
        cumulative = np.cumsum(table / table.sum(axis=1, keepdims=True), axis=1)
        project_group = self.project_key % groups

        def draw() -> np.ndarray:
            u = rng.random(p)
            drawn = np.empty(p, dtype=np.int64)
            for g in range(groups):
                mine = project_group == g
                drawn[mine] = np.searchsorted(cumulative[g], u[mine], side="right")
            return np.minimum(drawn, len(funders) - 1)

        first = draw()
        second = draw()
        co = (rng.random(p) < CO_FUNDING) & (second != first)
        projects = np.concatenate([np.arange(p), np.flatnonzero(co)])
        funder = np.concatenate([first, second[co]])
        share = np.concatenate([rng.uniform(0.6, 1.0, p), rng.uniform(0.05, 0.3, int(co.sum()))])
        order = np.argsort(projects, kind="stable")
        self.fund_project, self.fund_funder = projects[order], funder[order]
        self.fund_amount = np.round(self.budget[self.fund_project] * share[order], -2)
        self.fund_year = self.start_year[self.fund_project]
        programmes = [f[7] for f in funders]
        pick = rng.integers(0, 1 << 30, p)
        self.programme = [
            programmes[f][i % len(programmes[f])] for f, i in zip(first.tolist(), pick.tolist(), strict=True)
        ]

    # -- expertise -----------------------------------------------------------------

    def _expertise(self) -> None:
        rng, n = self.rng, self.n
        n_terms = len(self.terms)
        active = np.flatnonzero(self.kind != -2)
        comm = self.community[active]
        home_level = np.clip(
            2 + rng.integers(0, 2, len(active)) + (self.weight[active] > 3) + (self.weight[active] > 20), 1, 5
        )
        orgs = [active]
        terms = [self.community_term[comm]]
        levels = [home_level]
        sources = [np.zeros(len(active), dtype=np.int64)]  # 0 declared, 1 project track record
        # A field of the same domain.
        has = rng.random(len(active)) < 0.6
        field = self.community_domain[comm[has]] * self.per_domain + rng.integers(0, self.per_domain, int(has.sum()))
        orgs.append(active[has])
        terms.append(self.n_domains + field)
        levels.append(rng.integers(1, 4, int(has.sum())))
        sources.append(np.zeros(int(has.sum()), dtype=np.int64))
        # Another community's term.
        has = rng.random(len(active)) < 0.25
        orgs.append(active[has])
        terms.append(self.community_term[rng.integers(0, self.communities, int(has.sum()))])
        levels.append(rng.integers(1, 3, int(has.sum())))
        sources.append(np.zeros(int(has.sum()), dtype=np.int64))
        # The most active declare the three fields they work most in.
        degree = np.bincount(self.part_org, minlength=n)
        busy = degree[self.part_org] >= HUB_PROJECTS
        n_fields = self.n_domains * self.per_domain
        codes = self.part_org[busy] * n_fields + self.community_field[self.project_community[self.part_project[busy]]]
        values, counts = np.unique(codes, return_counts=True)
        hub, hub_field = values // n_fields, values % n_fields
        order = np.lexsort((-counts, hub))
        hub, hub_field = hub[order], hub_field[order]
        first = np.searchsorted(hub, hub, side="left")
        top = (np.arange(len(hub)) - first) < 3
        orgs.append(hub[top])
        terms.append(self.n_domains + hub_field[top])
        levels.append(rng.integers(3, 5, int(top.sum())))
        sources.append(np.ones(int(top.sum()), dtype=np.int64))

        org = np.concatenate(orgs)
        term = np.concatenate(terms)
        keep = _first_occurrences(org * n_terms + term)
        order = np.argsort(org[keep], kind="stable")
        self.oe_org = org[keep][order]
        self.oe_term = term[keep][order]
        self.oe_level = np.concatenate(levels)[keep][order]
        self.oe_source = np.concatenate(sources)[keep][order]
        self.oe_pick = rng.integers(0, 1 << 30, len(self.oe_org))

        # Projects: their community's term, often its field (or a sibling field), sometimes another term.
        p = self.n_projects
        pc = self.project_community
        projects = [np.arange(p)]
        terms = [self.community_term[pc]]
        has = rng.random(p) < 0.5
        if self.communities > len(DOMAINS) * self.per_domain:
            extra = self.n_domains + self.community_field[pc[has]]
        else:
            extra = self.n_domains + (
                self.community_domain[pc[has]] * self.per_domain + rng.integers(0, self.per_domain, int(has.sum()))
            )
        projects.append(np.flatnonzero(has))
        terms.append(extra)
        has = rng.random(p) < 0.15
        projects.append(np.flatnonzero(has))
        terms.append(self.community_term[rng.integers(0, self.communities, int(has.sum()))])
        project = np.concatenate(projects)
        term = np.concatenate(terms)
        keep = _first_occurrences(project * n_terms + term)
        order = np.argsort(project[keep], kind="stable")
        self.pe_project = project[keep][order]
        self.pe_term = term[keep][order]

    # -- agreements ----------------------------------------------------------------

    def _agreements(self) -> None:
        rng, n = self.rng, self.n
        a = max(5, round(AGREEMENTS_PER_ORGANIZATION * n))
        with_centre = rng.random(a) < 0.4
        if not (self.size >= 2).any():  # pragma: no cover - only in a network of one-participant projects
            with_centre[:] = True
        first = np.empty(a, dtype=np.int64)
        second = np.empty(a, dtype=np.int64)
        k = int(with_centre.sum())
        centre_weight = self.weight[: self.centres]
        first[with_centre] = _pick(rng, centre_weight, k)
        second[with_centre] = self._anyone(k)
        # Two participants of one project (projects with at least two).
        pairs = np.flatnonzero(self.size >= 2)
        project = pairs[rng.integers(0, len(pairs), a - k)]
        offsets = np.concatenate([[0], np.cumsum(self.size)[:-1]])
        size = self.size[project]
        i = (rng.random(a - k) * size).astype(np.int64)
        j = (i + 1 + (rng.random(a - k) * (size - 1)).astype(np.int64)) % size
        first[~with_centre] = self.part_org[offsets[project] + i]
        second[~with_centre] = self.part_org[offsets[project] + j]
        # More parties: 12 % one more, 3 % two to four more.
        extra = np.where(rng.random(a) < 0.15, 1, 0)
        many = rng.random(a) < 0.2
        extra[many & (extra == 1)] = rng.integers(2, 5, int((many & (extra == 1)).sum()))
        agreement = np.concatenate([np.arange(a), np.arange(a), np.repeat(np.arange(a), extra)])
        party = np.concatenate([first, second, self._anyone(int(extra.sum()))])
        keep = _first_occurrences(agreement * n + party)
        agreement, party = agreement[keep], party[keep]
        # Agreements left with one party (a centre that drew itself) are dropped; the others renumbered.
        parties = np.bincount(agreement, minlength=a)
        valid = parties >= 2
        number = np.cumsum(valid) - 1
        kept = valid[agreement]
        order = np.argsort(agreement[kept], kind="stable")
        self.ap_agreement = number[agreement[kept]][order]
        self.ap_org = party[kept][order]
        m = int(valid.sum())
        self.n_agreements = m
        self.agreement_kind = _pick(rng, [w for _k, w in AGREEMENT_KINDS], m)
        self.signed_year = rng.integers(2008, LAST_YEAR + 1, m)
        self.signed_month = rng.integers(1, 13, m)
        self.duration = np.where(rng.random(m) < 0.1, 0, rng.integers(3, 6, m))

    # -- rows ----------------------------------------------------------------------

    def _country_rows(self) -> list[dict]:
        return [
            {"code": code, "name": en, "name_fr": fr, "priority": priority}
            for code, en, fr, priority, *_rest in COUNTRIES
        ]

    def _identifiers(self) -> None:
        ids = ["hq"]
        ids += [f"reg-{i:02d}" for i in range(1, self.regional + 1)]
        ids += [f"tc-{i:03d}" for i in range(1, self.teaching + 1)]
        ids += [f"pc-{i:02d}" for i in range(1, self.partner_centres + 1)]
        ids += [f[0] for f in FUNDERS[: self.funders]]
        prefixes = [k[3] for k in KINDS]
        ids += [
            f"{prefixes[k]}-{i:07d}"
            for i, k in enumerate(self.kind[self.first_regular :].tolist(), start=self.first_regular)
        ]
        self.org_ids = ids
        self.project_ids = [f"prj-{i:07d}" for i in range(1, self.n_projects + 1)]
        self.agreement_ids = [f"agr-{i:07d}" for i in range(1, self.n_agreements + 1)]

    def _organization_rows(self) -> list[dict]:
        """Every organization: the centres, the funders, then the regular organizations, in id order."""
        rng = self.rng
        lat0 = np.array([c[6] for c in COUNTRIES])
        lon0 = np.array([c[7] for c in COUNTRIES])
        lat = np.clip(lat0[self.country] + rng.normal(0, 1.0, self.n), -89.0, 89.0).round(4)
        lon = (lon0[self.country] + rng.normal(0, 1.5, self.n)).round(4)
        rows = self._centre_rows(lat, lon)  # moves the centres' coordinates to their cities
        rows += self._funder_rows(lat, lon)
        rows += self._regular_organization_rows(lat, lon)
        return rows

    def _centre_rows(self, lat: np.ndarray, lon: np.ndarray) -> list[dict]:
        """The home network: headquarters, regional, teaching and partner centres (``lat``, ``lon`` set for them)."""
        rng = self.rng
        ids = self.org_ids
        codes = [c[0] for c in COUNTRIES]
        rows: list[dict] = []

        def centre(i: int, name: str, name_fr: str, short: str | None, level: str, kind: str, city: str | None):
            rows.append(
                {
                    "id": ids[i],
                    "name": name,
                    "name_fr": name_fr,
                    "short_name": short,
                    "roles": ["centre"],
                    "kind": kind,
                    "centre_level": level,
                    "country": codes[self.country[i]],
                    "city": city,
                    "lat": float(lat[i]),
                    "lon": float(lon[i]),
                    "website": f"https://{ids[i]}.example.org",
                }
            )

        lat[0], lon[0] = 48.8667, 2.3553
        centre(0, "Synthetic Conservatoire", "Conservatoire synthétique", "SC", "headquarters", "university", "Paris")
        for r in range(self.regional):
            city, lat[1 + r], lon[1 + r] = FRENCH_CITIES[r]
            centre(
                1 + r,
                f"Synthetic Regional Centre {city}",
                f"Centre régional synthétique de {city}",
                f"SC {city}",
                "regional",
                "training centre",
                city,
            )
        self.parent_of_teaching = [1 + t % self.regional for t in range(self.teaching)]
        for t in range(self.teaching):
            i = 1 + self.regional + t
            city, clat, clon = FRENCH_CITIES[t % self.regional]
            lat[i] = round(clat + float(rng.normal(0, 0.3)), 4)
            lon[i] = round(clon + float(rng.normal(0, 0.3)), 4)
            centre(
                i,
                f"Synthetic Teaching Centre {t + 1} ({city} region)",
                f"Centre d'enseignement synthétique {t + 1} (région de {city})",
                None,
                "teaching",
                "training centre",
                None,
            )
        for c in range(self.partner_centres):
            i = 1 + self.regional + self.teaching + c
            country = self.country[i]
            centre(
                i,
                f"Synthetic Partner Centre {c + 1} ({COUNTRIES[country][1]})",
                f"Centre partenaire synthétique {c + 1} ({COUNTRIES[country][2]})",
                None,
                "partner_centre",
                "university",
                None,
            )
        return rows

    def _funder_rows(self, lat: np.ndarray, lon: np.ndarray) -> list[dict]:
        rows: list[dict] = []
        for f, (fid, name, name_fr, short, country, *_rest) in enumerate(FUNDERS[: self.funders]):
            i = self.first_funder + f
            rows.append(
                {
                    "id": fid,
                    "name": name,
                    "name_fr": name_fr,
                    "short_name": short,
                    "roles": ["funder"],
                    "kind": "agency",
                    "centre_level": None,
                    "country": country,
                    "city": None,
                    "lat": float(lat[i]),
                    "lon": float(lon[i]),
                    "website": f"https://{fid}.example.org",
                }
            )
        return rows

    def _regular_organization_rows(self, lat: np.ndarray, lon: np.ndarray) -> list[dict]:
        """Universities, research bodies, companies...: one of ``KINDS`` each, named by kind, number and country."""
        ids = self.org_ids
        codes = [c[0] for c in COUNTRIES]
        names_en = [c[1] for c in COUNTRIES]
        names_fr = [c[2] for c in COUNTRIES]
        start = self.first_regular
        kind_names = [k[0] for k in KINDS]
        labels_en = [k[4] for k in KINDS]
        labels_fr = [k[5] for k in KINDS]
        roles = ["partner" if k != "company" else "company" for k in kind_names]
        rows: list[dict] = []
        for i, k, c, y, x in _chunked(
            np.arange(start, self.n), self.kind[start:], self.country[start:], lat[start:], lon[start:]
        ):
            rows.append(
                {
                    "id": ids[i],
                    "name": f"{labels_en[k]} {i} ({names_en[c]})",
                    "name_fr": f"{labels_fr[k]} {i} ({names_fr[c]})",
                    "short_name": None,
                    "roles": [roles[k]],
                    "kind": kind_names[k],
                    "centre_level": None,
                    "country": codes[c],
                    "city": None,
                    "lat": y,
                    "lon": x,
                    "website": None,
                }
            )
        return rows

    def _membership_rows(self) -> list[dict]:
        ids = self.org_ids
        rows = [{"member": ids[1 + r], "parent": "hq"} for r in range(self.regional)]
        rows += [
            {"member": ids[1 + self.regional + t], "parent": ids[parent]}
            for t, parent in enumerate(self.parent_of_teaching)
        ]
        first = 1 + self.regional + self.teaching
        rows += [{"member": ids[first + c], "parent": "hq"} for c in range(self.partner_centres)]
        return rows

    def _expertise_rows(self) -> list[dict]:
        ids = [t[0] for t in self.terms]
        return [
            {"id": tid, "name": en, "name_fr": fr, "broader": None if broader is None else ids[broader]}
            for tid, en, fr, broader in self.terms
        ]

    def _organization_expertise_rows(self) -> list[dict]:
        ids = self.org_ids
        term_ids = [t[0] for t in self.terms]
        kind_names = [k[0] for k in KINDS]
        kinds = ["university"] + ["training centre"] * (self.regional + self.teaching)
        kinds += ["university"] * self.partner_centres + ["agency"] * self.funders
        kinds += [kind_names[k] for k in self.kind[self.first_regular :].tolist()]
        rows = []
        for o, t, level, source, pick in _chunked(
            self.oe_org, self.oe_term, self.oe_level, self.oe_source, self.oe_pick
        ):
            choices = EVIDENCE[kinds[o]]
            rows.append(
                {
                    "organization": ids[o],
                    "expertise": term_ids[t],
                    "level": level,
                    "evidence": PROJECT_EVIDENCE if source else choices[pick % len(choices)],
                }
            )
        return rows

    def _project_rows(self) -> list[dict]:
        ids = self.project_ids
        countries_en = [c[1] for c in COUNTRIES]
        countries_fr = [c[2] for c in COUNTRIES]
        names_en = [_lower_first(t[1]) for t in self.terms]
        names_fr = [_lower_first(t[2]) for t in self.terms]
        rows = []
        end_total = self.start_year * 12 + (self.start_month - 1) + self.months
        for j, (term, country, fr, pattern, year, month, end, budget) in enumerate(
            _chunked(
                self.community_term[self.project_community],
                self.country[self.coordinator],
                self.title_fr,
                self.title_pattern,
                self.start_year,
                self.start_month,
                end_total,
                self.budget,
            )
        ):
            if fr:
                title = TITLES_FR[pattern].format(t=names_fr[term], c=countries_fr[country])
            else:
                title = TITLES_EN[pattern].format(t=names_en[term], c=countries_en[country])
            rows.append(
                {
                    "id": ids[j],
                    "title": title,
                    "programme": self.programme[j],
                    "start": self._date(year, month),
                    "end": self._date(end // 12, end % 12 + 1) - _DAY,
                    "budget": budget,
                }
            )
        return rows

    def _project_expertise_rows(self) -> list[dict]:
        ids, term_ids = self.project_ids, [t[0] for t in self.terms]
        return [{"project": ids[p], "expertise": term_ids[t]} for p, t in _chunked(self.pe_project, self.pe_term)]

    def _participation_rows(self) -> list[dict]:
        ids, project_ids = self.org_ids, self.project_ids
        roles = ("coordinator", "participant", "partner", "associated")
        return [
            {
                "organization": ids[o],
                "project": project_ids[p],
                "role": roles[r],
                "contribution": None if r == 3 else c,
            }
            for o, p, r, c in _chunked(self.part_org, self.part_project, self.part_role, self.contribution)
        ]

    def _funding_rows(self) -> list[dict]:
        funder_ids = [f[0] for f in FUNDERS]
        return [
            {"funder": funder_ids[f], "project": self.project_ids[p], "amount": amount, "year": year}
            for f, p, amount, year in _chunked(self.fund_funder, self.fund_project, self.fund_amount, self.fund_year)
        ]

    def _agreement_rows(self) -> list[dict]:
        kinds = [k for k, _w in AGREEMENT_KINDS]
        return [
            {
                "id": aid,
                "kind": kinds[k],
                "signed": self._date(year, month),
                "expires": self._date(year + years, month) if years else None,
            }
            for aid, k, year, month, years in zip(
                self.agreement_ids,
                self.agreement_kind.tolist(),
                self.signed_year.tolist(),
                self.signed_month.tolist(),
                self.duration.tolist(),
                strict=True,
            )
        ]

    def _agreement_party_rows(self) -> list[dict]:
        ids, agreement_ids = self.org_ids, self.agreement_ids
        return [
            {"agreement": agreement_ids[a], "organization": ids[o]} for a, o in _chunked(self.ap_agreement, self.ap_org)
        ]
