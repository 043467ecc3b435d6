"""The demo network: an illustrative partnership network modelled on the Cnam.

``demo_network(seed)`` returns a network in the in-memory form of
:mod:`loaders.schema` (table name -> list of typed row dicts). It is built
from fixed reference data (real French regions and cities, real institutions
and funders abroad, an expertise vocabulary in English and French) and from a
seeded random draw of the relations between them: projects, participations,
fundings, agreements and declared expertise.

The shape is chosen so that the analyses have something to find:

- *themes* (cybersecurity, renewable energy, water, ...) each tie a set of
  expertise terms to a set of countries, programmes and companies; projects are
  drawn within a theme and mostly within one focus country, and participants are
  chosen with preferential attachment, so that there are dense clusters with
  hubs (excellence hubs) and bridges between them;
- every teaching centre belongs to its regional centre, which belongs to the
  headquarters, and regional projects (decentralised cooperation funded by the
  regional councils, Interreg) tie teaching centres, their regional centre and
  partners abroad, so that cooperation paths run from a teaching centre to a
  funder.

Everything is a pure function of ``seed``: a private ``random.Random(seed)``,
lists walked in a fixed order, no current date.

Examples
--------
>>> network = demo_network()
>>> sorted(network) == sorted(TABLES)
True
>>> network == demo_network()
True
>>> sum(1 for row in network["organizations"] if row["centre_level"] == "regional")
30
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from loaders.schema import TABLES

__all__ = ["DEMO_NOTICE", "DEMO_SOURCE", "demo_network"]

DEMO_NOTICE = (
    "Illustrative network: names of places and institutions are used for realism; "
    "every relation, project, agreement and amount is invented."
)
DEMO_SOURCE = "partnernet-demo (illustrative)"

T = TypeVar("T")

#: Number of thematic projects drawn besides the regional ones.
THEMATIC_PROJECTS = 380

# ---------------------------------------------------------------------------
# Reference data (the long tables keep one record per line, hence ``fmt: off``)
# ---------------------------------------------------------------------------

#: code, English name, French name, priority group, "in <country>" in French.
COUNTRIES: tuple[tuple[str, str, str, str | None, str], ...] = (
    ("FR", "France", "France", "home", "en France"),
    ("DZ", "Algeria", "Algérie", "francophone", "en Algérie"),
    ("CI", "Côte d'Ivoire", "Côte d'Ivoire", "francophone", "en Côte d'Ivoire"),
    ("HT", "Haiti", "Haïti", "francophone", "en Haïti"),
    ("LB", "Lebanon", "Liban", "francophone", "au Liban"),
    ("MA", "Morocco", "Maroc", "francophone", "au Maroc"),
    ("SN", "Senegal", "Sénégal", "francophone", "au Sénégal"),
    ("TN", "Tunisia", "Tunisie", "francophone", "en Tunisie"),
    ("MG", "Madagascar", "Madagascar", "francophone", "à Madagascar"),
    ("BR", "Brazil", "Brésil", "emerging", "au Brésil"),
    ("CN", "China", "Chine", "emerging", "en Chine"),
    ("RU", "Russia", "Russie", "emerging", "en Russie"),
    ("BE", "Belgium", "Belgique", "europe", "en Belgique"),
    ("DE", "Germany", "Allemagne", "europe", "en Allemagne"),
    ("ES", "Spain", "Espagne", "europe", "en Espagne"),
    ("IT", "Italy", "Italie", "europe", "en Italie"),
    ("PT", "Portugal", "Portugal", "europe", "au Portugal"),
    ("CH", "Switzerland", "Suisse", "europe", "en Suisse"),
    ("CA", "Canada", "Canada", None, "au Canada"),
)

#: id, English name, French name, broader id. Two or three levels.
EXPERTISE: tuple[tuple[str, str, str, str | None], ...] = (
    ("computer-science", "Computer science", "Informatique", None),
    ("cybersecurity", "Cybersecurity", "Cybersécurité", "computer-science"),
    ("network-security", "Network security", "Sécurité des réseaux", "cybersecurity"),
    ("cryptography", "Cryptography", "Cryptographie", "cybersecurity"),
    ("digital-forensics", "Digital forensics", "Investigation numérique", "cybersecurity"),
    (
        "security-governance",
        "Information security governance",
        "Gouvernance de la sécurité de l'information",
        "cybersecurity",
    ),
    ("artificial-intelligence", "Artificial intelligence", "Intelligence artificielle", "computer-science"),
    ("machine-learning", "Machine learning", "Apprentissage automatique", "artificial-intelligence"),
    ("nlp", "Natural language processing", "Traitement automatique des langues", "artificial-intelligence"),
    ("computer-vision", "Computer vision", "Vision par ordinateur", "artificial-intelligence"),
    ("data-science", "Data science", "Science des données", "computer-science"),
    ("software-engineering", "Software engineering", "Génie logiciel", "computer-science"),
    ("cloud-computing", "Cloud computing", "Informatique en nuage", "computer-science"),
    ("networks-telecom", "Networks and telecommunications", "Réseaux et télécommunications", "computer-science"),
    ("mobile-networks", "Mobile networks", "Réseaux mobiles", "networks-telecom"),
    ("internet-of-things", "Internet of things", "Internet des objets", "networks-telecom"),
    ("embedded-systems", "Embedded systems", "Systèmes embarqués", "computer-science"),
    ("energy", "Energy", "Énergie", None),
    ("renewable-energy", "Renewable energy", "Énergies renouvelables", "energy"),
    ("solar-energy", "Solar energy", "Énergie solaire", "renewable-energy"),
    ("wind-energy", "Wind energy", "Énergie éolienne", "renewable-energy"),
    ("hydropower", "Hydropower", "Hydroélectricité", "renewable-energy"),
    ("electrical-engineering", "Electrical engineering", "Génie électrique", "energy"),
    ("power-grids", "Power grids", "Réseaux électriques", "electrical-engineering"),
    ("energy-efficiency", "Energy efficiency", "Efficacité énergétique", "energy"),
    ("nuclear-engineering", "Nuclear engineering", "Génie nucléaire", "energy"),
    ("water-environment", "Water and environment", "Eau et environnement", None),
    ("water-resources", "Water resources management", "Gestion des ressources en eau", "water-environment"),
    ("water-treatment", "Water treatment", "Traitement de l'eau", "water-environment"),
    ("desalination", "Desalination", "Dessalement", "water-treatment"),
    ("wastewater", "Wastewater treatment", "Assainissement des eaux usées", "water-treatment"),
    ("climate-adaptation", "Climate change adaptation", "Adaptation au changement climatique", "water-environment"),
    ("waste-management", "Waste management", "Gestion des déchets", "water-environment"),
    ("civil-engineering", "Civil engineering", "Génie civil", None),
    ("structural-engineering", "Structural engineering", "Calcul des structures", "civil-engineering"),
    ("earthquake-engineering", "Earthquake engineering", "Génie parasismique", "structural-engineering"),
    ("sustainable-building", "Sustainable building", "Bâtiment durable", "civil-engineering"),
    ("urban-planning", "Urban planning", "Urbanisme", "civil-engineering"),
    ("geotechnics", "Geotechnics", "Géotechnique", "civil-engineering"),
    ("transport", "Transport and mobility", "Transports et mobilité", None),
    ("rail-transport", "Rail transport", "Transport ferroviaire", "transport"),
    ("urban-mobility", "Urban mobility", "Mobilité urbaine", "transport"),
    ("logistics", "Logistics and supply chain", "Logistique et chaîne d'approvisionnement", "transport"),
    ("industrial-engineering", "Industrial engineering", "Génie industriel", None),
    ("mechanical-engineering", "Mechanical engineering", "Génie mécanique", "industrial-engineering"),
    ("aeronautics", "Aeronautics and space", "Aéronautique et spatial", "mechanical-engineering"),
    ("materials-science", "Materials science", "Science des matériaux", "industrial-engineering"),
    ("automation", "Automation and robotics", "Automatique et robotique", "industrial-engineering"),
    ("industry-of-the-future", "Industry 4.0", "Industrie du futur", "automation"),
    ("defence-systems", "Defence systems", "Systèmes de défense", "industrial-engineering"),
    ("management", "Management and economics", "Management et économie", None),
    ("business-management", "Business management", "Gestion des entreprises", "management"),
    ("accounting-finance", "Accounting and finance", "Comptabilité et finance", "management"),
    ("actuarial-science", "Actuarial science", "Actuariat", "accounting-finance"),
    ("entrepreneurship", "Entrepreneurship", "Entrepreneuriat", "management"),
    ("human-resources", "Human resources", "Ressources humaines", "management"),
    ("project-management", "Project management", "Gestion de projet", "management"),
    ("public-administration", "Public administration", "Administration publique", "management"),
    ("health", "Health and social care", "Santé et action sociale", None),
    ("public-health", "Public health", "Santé publique", "health"),
    ("occupational-safety", "Occupational health and safety", "Santé et sécurité au travail", "health"),
    ("health-informatics", "Health informatics", "Informatique médicale", "health"),
    ("education", "Education and training", "Éducation et formation", None),
    ("distance-learning", "Distance learning", "Formation à distance", "education"),
    ("vocational-training", "Vocational training", "Formation professionnelle", "education"),
    ("teacher-training", "Teacher training", "Formation des formateurs", "education"),
    ("agrifood", "Agriculture and food", "Agriculture et alimentation", None),
    ("agronomy", "Agronomy", "Agronomie", "agrifood"),
    ("food-science", "Food science and technology", "Sciences et technologies des aliments", "agrifood"),
    ("food-safety", "Food safety", "Sécurité sanitaire des aliments", "food-science"),
)


@dataclass(frozen=True)
class _Theme:
    """A field of cooperation: its expertise, countries, programmes and words."""

    core: str
    terms: tuple[str, ...]
    countries: tuple[tuple[str, int], ...]
    programmes: tuple[tuple[str, int], ...]
    company_share: float
    weight: int
    prefixes: tuple[str, ...]
    stems: tuple[str, ...]


THEMES: dict[str, _Theme] = {
    "cyber": _Theme(
        core="cybersecurity",
        terms=("network-security", "cryptography", "digital-forensics", "security-governance", "cloud-computing"),
        countries=(("MA", 5), ("TN", 3), ("SN", 2), ("DZ", 1), ("CI", 1), ("LB", 2), ("BE", 1), ("RU", 1)),
        programmes=(("Erasmus+ Capacity building", 3), ("FSPI", 2), ("Erasmus+ KA171", 2), ("Horizon Europe", 1)),
        company_share=0.45,
        weight=5,
        prefixes=("CYBER", "SECUR", "CRYPTO", "TRUST", "SHIELD"),
        stems=(
            "Cybersecurity skills for SMEs {in_en}",
            "Formation en cybersécurité des agents publics {in_fr}",
            "Master's degree in network security",
            "Centre de compétences en cybersécurité {in_fr}",
            "Cyber-resilience of critical infrastructure {in_en}",
            "Digital forensics training for justice professionals",
            "Sécurité des systèmes d'information des collectivités",
            "Cryptography and trusted digital identity",
        ),
    ),
    "telecom": _Theme(
        core="networks-telecom",
        terms=("mobile-networks", "internet-of-things", "embedded-systems", "software-engineering"),
        countries=(("SN", 3), ("CI", 3), ("MA", 2), ("TN", 2), ("HT", 1), ("LB", 1), ("ES", 1)),
        programmes=(("Erasmus+ KA107", 2), ("Erasmus+ KA171", 2), ("AUF – Appel à projets", 2), ("FSPI", 1)),
        company_share=0.5,
        weight=3,
        prefixes=("TELECOM", "CONNECT", "NET", "IOT", "LINK"),
        stems=(
            "Mobile networks engineering curriculum {in_en}",
            "Réseaux télécoms et inclusion numérique {in_fr}",
            "Internet of things for smart territories",
            "Licence professionnelle réseaux et télécommunications",
            "Rural connectivity and digital services {in_en}",
            "Systèmes embarqués communicants",
        ),
    ),
    "ai_data": _Theme(
        core="artificial-intelligence",
        terms=("machine-learning", "nlp", "computer-vision", "data-science", "software-engineering", "cloud-computing"),
        countries=(
            ("CN", 3),
            ("BE", 1),
            ("DE", 2),
            ("ES", 1),
            ("IT", 1),
            ("CH", 1),
            ("PT", 1),
            ("LB", 2),
            ("TN", 2),
            ("RU", 2),
            ("MA", 1),
        ),
        programmes=(("Horizon 2020", 2), ("Horizon Europe", 2), ("Erasmus+ KA171", 1), ("Campus France – Mobilité", 1)),
        company_share=0.3,
        weight=4,
        prefixes=("DATA", "AI", "LEARN", "SMART", "NEURO"),
        stems=(
            "Machine learning for public services",
            "Intelligence artificielle et données de santé",
            "Data science master's programme {in_en}",
            "Traitement automatique des langues peu dotées",
            "Trustworthy AI for industry",
            "Plateforme de science des données {in_fr}",
            "Computer vision for agriculture and environment",
        ),
    ),
    "energy": _Theme(
        core="renewable-energy",
        terms=(
            "energy",
            "solar-energy",
            "wind-energy",
            "hydropower",
            "power-grids",
            "energy-efficiency",
            "electrical-engineering",
        ),
        countries=(("SN", 5), ("MA", 4), ("CI", 3), ("TN", 2), ("DZ", 2), ("HT", 1), ("BR", 1), ("DE", 1), ("CH", 1)),
        programmes=(
            ("AFD – Transition énergétique", 3),
            ("Erasmus+ Capacity building", 2),
            ("FSPI", 1),
            ("Horizon 2020", 1),
            ("Horizon Europe", 1),
        ),
        company_share=0.5,
        weight=5,
        prefixes=("SOLAR", "ENER", "GRID", "WATT", "SUN"),
        stems=(
            "Solar energy training centre {in_en}",
            "Transition énergétique et formation professionnelle {in_fr}",
            "Smart power grids and rural electrification",
            "Efficacité énergétique des bâtiments publics",
            "Renewable energy engineering curriculum {in_en}",
            "Mini-réseaux solaires pour les zones rurales {in_fr}",
            "Wind and solar resource assessment",
        ),
    ),
    "water": _Theme(
        core="water-treatment",
        terms=(
            "water-resources",
            "desalination",
            "wastewater",
            "climate-adaptation",
            "waste-management",
            "water-environment",
        ),
        countries=(("TN", 5), ("MA", 3), ("DZ", 2), ("LB", 2), ("SN", 1), ("HT", 1), ("PT", 1)),
        programmes=(
            ("AFD – Eau et assainissement", 3),
            ("Erasmus+ Capacity building", 2),
            ("PHC Maghreb", 1),
            ("AIMF – Coopération municipale", 1),
        ),
        company_share=0.5,
        weight=4,
        prefixes=("AQUA", "EAU", "HYDRO", "WATER", "OASIS"),
        stems=(
            "Drinking water quality and treatment {in_en}",
            "Gestion intégrée des ressources en eau {in_fr}",
            "Desalination and brackish water treatment",
            "Assainissement et réutilisation des eaux usées",
            "Water utilities management training",
            "Adaptation au changement climatique des villes côtières",
            "Groundwater monitoring and modelling {in_en}",
        ),
    ),
    "construction": _Theme(
        core="sustainable-building",
        terms=(
            "civil-engineering",
            "structural-engineering",
            "earthquake-engineering",
            "urban-planning",
            "geotechnics",
        ),
        countries=(("HT", 4), ("CI", 2), ("SN", 2), ("MA", 1), ("LB", 1), ("CN", 1), ("MG", 1)),
        programmes=(
            ("AFD – Villes durables", 3),
            ("AIMF – Coopération municipale", 2),
            ("Erasmus+ KA171", 1),
            ("FSPI", 1),
        ),
        company_share=0.55,
        weight=3,
        prefixes=("BUILD", "CITY", "HABITAT", "STRUCT", "URBA"),
        stems=(
            "Earthquake-resistant construction {in_en}",
            "Bâtiment durable et matériaux locaux {in_fr}",
            "Urban planning for resilient cities",
            "Formation des techniciens du génie civil",
            "Géotechnique et risques naturels",
            "Sustainable social housing {in_en}",
        ),
    ),
    "transport": _Theme(
        core="rail-transport",
        terms=("transport", "urban-mobility", "logistics"),
        countries=(("CN", 4), ("RU", 3), ("MA", 2), ("BR", 1), ("DE", 1), ("MG", 1)),
        programmes=(("Erasmus+ KA107", 1), ("Campus France – Mobilité", 2), ("AFD – Villes durables", 1)),
        company_share=0.55,
        weight=3,
        prefixes=("RAIL", "MOBI", "TRANS", "LOGI", "CORRIDOR"),
        stems=(
            "Rail engineering and maintenance training",
            "Mobilité urbaine durable {in_fr}",
            "Logistics and supply chain master's programme",
            "High-speed rail systems cooperation {in_en}",
            "Transport public et intermodalité",
            "Port logistics and trade corridors",
        ),
    ),
    "industry": _Theme(
        core="mechanical-engineering",
        terms=(
            "industrial-engineering",
            "aeronautics",
            "materials-science",
            "automation",
            "industry-of-the-future",
            "defence-systems",
        ),
        countries=(("BR", 5), ("CN", 2), ("RU", 2), ("DE", 1), ("IT", 1), ("ES", 1), ("MA", 1), ("DZ", 1)),
        programmes=(("Erasmus+ KA107", 1), ("Horizon 2020", 1), ("Campus France – Mobilité", 1)),
        company_share=0.45,
        weight=4,
        prefixes=("MECA", "AERO", "INDUS", "ROBO", "MAT"),
        stems=(
            "Aeronautical engineering double degree",
            "Industrie du futur et jumeau numérique",
            "Advanced materials for transport",
            "Robotics and automation curriculum {in_en}",
            "Mobilité d'élèves ingénieurs en génie mécanique",
            "Maintenance industrielle et qualité {in_fr}",
        ),
    ),
    "management": _Theme(
        core="business-management",
        terms=(
            "management",
            "accounting-finance",
            "actuarial-science",
            "entrepreneurship",
            "human-resources",
            "project-management",
            "public-administration",
        ),
        countries=(("LB", 4), ("CI", 3), ("SN", 2), ("MA", 2), ("TN", 2), ("HT", 2), ("DZ", 2), ("MG", 1)),
        programmes=(
            ("AUF – Appel à projets", 2),
            ("Erasmus+ KA107", 2),
            ("Erasmus+ KA171", 2),
            ("AFD – Formation professionnelle", 1),
        ),
        company_share=0.15,
        weight=4,
        prefixes=("MANAGE", "GESTION", "FINANCE", "ENTRE", "LEAD"),
        stems=(
            "Executive master in business management {in_en}",
            "Comptabilité, contrôle et audit : diplôme délocalisé {in_fr}",
            "Entrepreneurship and start-up support",
            "Gestion des ressources humaines dans l'administration",
            "Actuariat et finance de l'assurance",
            "Project management professional certificate",
            "Modernisation de l'administration publique {in_fr}",
        ),
    ),
    "education": _Theme(
        core="vocational-training",
        terms=("education", "distance-learning", "teacher-training"),
        countries=(("HT", 3), ("CI", 3), ("SN", 2), ("LB", 2), ("DZ", 1), ("MA", 1), ("MG", 2)),
        programmes=(
            ("AFD – Formation professionnelle", 3),
            ("AUF – Appel à projets", 2),
            ("Erasmus+ KA171", 1),
            ("AIMF – Coopération municipale", 1),
        ),
        company_share=0.1,
        weight=3,
        prefixes=("EDU", "FORM", "SKILLS", "CAMPUS", "TALENT"),
        stems=(
            "Distance learning platform for vocational training {in_en}",
            "Formation professionnelle et employabilité des jeunes {in_fr}",
            "Formation des formateurs de l'enseignement technique",
            "Digital campus and open educational resources",
            "Validation des acquis de l'expérience {in_fr}",
        ),
    ),
    "health": _Theme(
        core="public-health",
        terms=("health", "occupational-safety", "health-informatics"),
        countries=(("LB", 3), ("HT", 2), ("SN", 2), ("CI", 2), ("TN", 2), ("MG", 1)),
        programmes=(("AFD – Santé", 2), ("AUF – Appel à projets", 2), ("FSPI", 1)),
        company_share=0.05,
        weight=2,
        prefixes=("SANTE", "HEALTH", "CARE", "PREV", "MEDI"),
        stems=(
            "Public health management training {in_en}",
            "Santé et sécurité au travail dans l'industrie",
            "Health information systems {in_en}",
            "Formation des cadres de santé {in_fr}",
            "Prévention des risques professionnels",
        ),
    ),
    "agri": _Theme(
        core="food-science",
        terms=("agrifood", "agronomy", "food-safety"),
        countries=(("SN", 3), ("CI", 3), ("MA", 2), ("BR", 1), ("TN", 1), ("MG", 2), ("HT", 1)),
        programmes=(("AFD – Formation professionnelle", 1), ("Erasmus+ KA171", 1), ("FSPI", 1)),
        company_share=0.05,
        weight=2,
        prefixes=("AGRI", "FOOD", "TERRA", "AGRO", "SEED"),
        stems=(
            "Food safety and quality systems {in_en}",
            "Agroécologie et sécurité alimentaire {in_fr}",
            "Post-harvest technologies for smallholders",
            "Transformation agroalimentaire et qualité",
            "Agronomy and climate-smart farming {in_en}",
        ),
    ),
}


@dataclass(frozen=True)
class _Programme:
    """A funding programme: who pays, when, how much, for how many, where."""

    funders: tuple[tuple[str, float], ...]
    first: int
    last: int
    budget: tuple[int, int]
    size: tuple[int, int]
    months: tuple[int, int]
    scope: str = "any"  # any | abroad | francophone | europe | BR | <country codes separated by spaces>


PROGRAMMES: dict[str, _Programme] = {
    "Erasmus+ KA107": _Programme((("eu", 1.0),), 2015, 2020, (30_000, 250_000), (2, 4), (24, 36), "abroad"),
    "Erasmus+ KA171": _Programme((("eu", 1.0),), 2021, 2025, (40_000, 300_000), (2, 4), (24, 36), "abroad"),
    "Erasmus+ Capacity building": _Programme(
        (("eu", 1.0),), 2015, 2025, (400_000, 1_000_000), (4, 12), (24, 36), "abroad"
    ),
    "Erasmus+ Strategic partnerships": _Programme(
        (("eu", 1.0),), 2015, 2020, (150_000, 450_000), (3, 7), (24, 36), "europe"
    ),
    "Erasmus+ Cooperation partnerships": _Programme(
        (("eu", 1.0),), 2021, 2025, (120_000, 400_000), (3, 7), (24, 36), "europe"
    ),
    "Horizon 2020": _Programme((("eu", 1.0),), 2014, 2020, (1_000_000, 6_000_000), (4, 12), (36, 48)),
    "Horizon Europe": _Programme((("eu", 1.0),), 2021, 2025, (1_500_000, 7_000_000), (4, 12), (36, 48)),
    "Brafitec": _Programme((("mesr", 0.5), ("capes", 0.5)), 2012, 2025, (20_000, 90_000), (2, 4), (24, 48), "BR"),
    "Sciences sans frontières": _Programme((("capes", 1.0),), 2012, 2015, (50_000, 400_000), (2, 3), (12, 36), "BR"),
    "PHC Maghreb": _Programme(
        (("meae", 0.6), ("mesr", 0.4)), 2015, 2025, (30_000, 90_000), (3, 5), (36, 36), "MA TN DZ"
    ),
    "PHC Utique": _Programme((("meae", 0.6), ("mesr", 0.4)), 2012, 2025, (15_000, 45_000), (2, 3), (36, 36), "TN"),
    "PHC Toubkal": _Programme((("meae", 0.6), ("mesr", 0.4)), 2012, 2025, (15_000, 45_000), (2, 3), (36, 36), "MA"),
    "PHC Tassili": _Programme((("meae", 0.6), ("mesr", 0.4)), 2012, 2025, (15_000, 45_000), (2, 3), (36, 36), "DZ"),
    "PHC Cèdre": _Programme((("meae", 0.6), ("mesr", 0.4)), 2012, 2025, (15_000, 45_000), (2, 3), (24, 24), "LB"),
    "PHC Cai Yuanpei": _Programme((("meae", 0.6), ("mesr", 0.4)), 2012, 2025, (12_000, 35_000), (2, 3), (24, 24), "CN"),
    "PHC Kolmogorov": _Programme((("meae", 0.6), ("mesr", 0.4)), 2012, 2021, (12_000, 35_000), (2, 3), (24, 24), "RU"),
    "FSPI": _Programme((("meae", 1.0),), 2017, 2025, (150_000, 1_000_000), (2, 6), (18, 30), "abroad"),
    "AFD – Formation professionnelle": _Programme(
        (("afd", 1.0),), 2012, 2025, (300_000, 5_000_000), (3, 8), (36, 60), "abroad"
    ),
    "AFD – Transition énergétique": _Programme(
        (("afd", 1.0),), 2012, 2025, (500_000, 8_000_000), (3, 8), (36, 60), "abroad"
    ),
    "AFD – Eau et assainissement": _Programme(
        (("afd", 1.0),), 2012, 2025, (500_000, 8_000_000), (3, 8), (36, 60), "abroad"
    ),
    "AFD – Villes durables": _Programme((("afd", 1.0),), 2012, 2025, (400_000, 6_000_000), (3, 8), (36, 60), "abroad"),
    "AFD – Santé": _Programme((("afd", 1.0),), 2012, 2025, (300_000, 4_000_000), (3, 7), (36, 60), "abroad"),
    "AUF – Appel à projets": _Programme(
        (("auf", 1.0),), 2012, 2025, (20_000, 150_000), (2, 5), (12, 36), "francophone"
    ),
    "AIMF – Coopération municipale": _Programme(
        (("aimf", 1.0),), 2012, 2025, (50_000, 500_000), (2, 5), (18, 36), "francophone"
    ),
    "Campus France – Mobilité": _Programme((("campus-france", 1.0),), 2012, 2025, (10_000, 60_000), (2, 3), (12, 24)),
    "Coopération décentralisée": _Programme((), 2012, 2025, (20_000, 250_000), (3, 7), (12, 36)),
    "Interreg Caraïbes": _Programme((("eu", 0.75),), 2014, 2025, (80_000, 600_000), (3, 7), (24, 36)),
    "Interreg Océan Indien": _Programme((("eu", 0.75),), 2014, 2025, (80_000, 600_000), (3, 7), (24, 36)),
}

#: Bilateral Hubert Curien partnerships by country.
PHC_BY_COUNTRY = {
    "TN": "PHC Utique",
    "MA": "PHC Toubkal",
    "DZ": "PHC Tassili",
    "LB": "PHC Cèdre",
    "CN": "PHC Cai Yuanpei",
    "RU": "PHC Kolmogorov",
}

#: Themes for which Brazilian engineering mobility (Brafitec) makes sense.
BRAFITEC_THEMES = ("industry", "energy", "transport", "construction", "ai_data", "cyber", "telecom", "water")

#: Headquarters: id, name, short name, city, lat, lon.
HEADQUARTERS = ("cnam", "Conservatoire national des arts et métiers", "Cnam", "Paris", 48.8667, 2.3550)

#: Regional centres (former regions and overseas territories): region, city, lat, lon, themes, regional council,
#: teaching centres (city, lat, lon).
_Region = tuple[str, str, float, float, tuple[str, ...], str | None, tuple[tuple[str, float, float], ...]]
# fmt: off
REGIONS: tuple[_Region, ...] = (
    ("Alsace", "Strasbourg", 48.573, 7.752, ("ai_data", "management"), "region-grand-est",
     (("Mulhouse", 47.75, 7.336), ("Colmar", 48.079, 7.358), ("Haguenau", 48.816, 7.79), ("Sélestat", 48.259, 7.454))),
    ("Aquitaine", "Bordeaux", 44.838, -0.579, ("industry", "energy"), "region-nouvelle-aquitaine",
     (("Pau", 43.295, -0.37), ("Bayonne", 43.493, -1.475), ("Périgueux", 45.184, 0.721), ("Agen", 44.203, 0.616),
      ("Mont-de-Marsan", 43.89, -0.5), ("Arcachon", 44.658, -1.169))),
    ("Auvergne", "Clermont-Ferrand", 45.778, 3.087, ("industry", "health"), "region-aura",
     (("Vichy", 46.128, 3.426), ("Montluçon", 46.34, 2.603), ("Aurillac", 44.926, 2.44),
      ("Le Puy-en-Velay", 45.043, 3.885), ("Moulins", 46.566, 3.333))),
    ("Basse-Normandie", "Caen", 49.183, -0.371, ("energy", "agri"), "region-normandie",
     (("Cherbourg-en-Cotentin", 49.64, -1.616), ("Alençon", 48.432, 0.091), ("Saint-Lô", 49.116, -1.091),
      ("Lisieux", 49.146, 0.226))),
    ("Bourgogne", "Dijon", 47.322, 5.041, ("industry", "agri"), "region-bfc",
     (("Chalon-sur-Saône", 46.781, 4.854), ("Mâcon", 46.307, 4.829), ("Nevers", 46.99, 3.159),
      ("Auxerre", 47.799, 3.573), ("Le Creusot", 46.801, 4.427))),
    ("Bretagne", "Rennes", 48.117, -1.678, ("cyber", "telecom"), "region-bretagne",
     (("Brest", 48.39, -4.486), ("Lorient", 47.748, -3.37), ("Vannes", 47.658, -2.76), ("Saint-Brieuc", 48.514, -2.765),
      ("Quimper", 47.996, -4.102), ("Lannion", 48.732, -3.459), ("Saint-Malo", 48.649, -2.026))),
    ("Centre-Val de Loire", "Orléans", 47.903, 1.909, ("energy", "management"), None,
     (("Tours", 47.394, 0.685), ("Bourges", 47.081, 2.399), ("Chartres", 48.446, 1.489), ("Blois", 47.586, 1.336),
      ("Châteauroux", 46.811, 1.686), ("Dreux", 48.737, 1.366))),
    ("Champagne-Ardenne", "Reims", 49.258, 4.032, ("agri", "management"), "region-grand-est",
     (("Troyes", 48.297, 4.074), ("Charleville-Mézières", 49.773, 4.72), ("Châlons-en-Champagne", 48.957, 4.363),
      ("Chaumont", 48.111, 5.139))),
    ("Corse", "Ajaccio", 41.919, 8.738, ("water", "energy"), None, (("Bastia", 42.697, 9.45), ("Corte", 42.306, 9.15))),
    ("Franche-Comté", "Besançon", 47.238, 6.024, ("industry", "transport"), "region-bfc",
     (("Belfort", 47.64, 6.863), ("Montbéliard", 47.51, 6.798), ("Vesoul", 47.623, 6.156),
      ("Lons-le-Saunier", 46.675, 5.555), ("Dole", 47.092, 5.49))),
    ("Haute-Normandie", "Rouen", 49.443, 1.1, ("energy", "transport"), "region-normandie",
     (("Le Havre", 49.494, 0.108), ("Évreux", 49.027, 1.151), ("Dieppe", 49.923, 1.078), ("Vernon", 49.093, 1.485))),
    ("Île-de-France", "Saint-Denis", 48.936, 2.357, ("management", "cyber", "ai_data"), "region-idf",
     (("Évry-Courcouronnes", 48.629, 2.441), ("Versailles", 48.805, 2.135), ("Cergy", 49.036, 2.076),
      ("Créteil", 48.79, 2.455), ("Noisy-le-Grand", 48.848, 2.552), ("Melun", 48.54, 2.66),
      ("Montigny-le-Bretonneux", 48.771, 2.033), ("Nanterre", 48.892, 2.207), ("Meaux", 48.96, 2.879),
      ("Mantes-la-Jolie", 48.991, 1.717))),
    ("Languedoc-Roussillon", "Montpellier", 43.611, 3.877, ("water", "agri"), "region-occitanie",
     (("Nîmes", 43.837, 4.36), ("Perpignan", 42.699, 2.895), ("Béziers", 43.344, 3.216), ("Alès", 44.125, 4.081),
      ("Carcassonne", 43.213, 2.351), ("Sète", 43.403, 3.697))),
    ("Limousin", "Limoges", 45.834, 1.262, ("health", "construction"), "region-nouvelle-aquitaine",
     (("Brive-la-Gaillarde", 45.159, 1.533), ("Tulle", 45.267, 1.771), ("Guéret", 46.171, 1.871))),
    ("Lorraine", "Nancy", 48.692, 6.184, ("industry", "cyber"), "region-grand-est",
     (("Metz", 49.119, 6.176), ("Épinal", 48.172, 6.449), ("Thionville", 49.358, 6.168), ("Bar-le-Duc", 48.772, 5.16),
      ("Forbach", 49.188, 6.896), ("Verdun", 49.16, 5.384))),
    ("Midi-Pyrénées", "Toulouse", 43.605, 1.444, ("industry", "ai_data"), "region-occitanie",
     (("Albi", 43.929, 2.148), ("Tarbes", 43.233, 0.078), ("Montauban", 44.018, 1.355), ("Rodez", 44.35, 2.575),
      ("Castres", 43.606, 2.241), ("Cahors", 44.448, 1.441), ("Auch", 43.646, 0.586), ("Figeac", 44.609, 2.032))),
    ("Nord-Pas-de-Calais", "Lille", 50.629, 3.057, ("transport", "management"), "region-hauts-de-france",
     (("Valenciennes", 50.358, 3.523), ("Dunkerque", 51.034, 2.377), ("Arras", 50.291, 2.777),
      ("Calais", 50.951, 1.858), ("Boulogne-sur-Mer", 50.726, 1.614), ("Douai", 50.37, 3.08),
      ("Maubeuge", 50.278, 3.973), ("Roubaix", 50.691, 3.174))),
    ("Pays de la Loire", "Angers", 47.478, -0.563, ("construction", "industry"), "region-pays-de-la-loire",
     (("Nantes", 47.218, -1.554), ("Le Mans", 48.006, 0.199), ("Saint-Nazaire", 47.274, -2.214),
      ("La Roche-sur-Yon", 46.67, -1.426), ("Laval", 48.073, -0.77), ("Cholet", 47.06, -0.879))),
    ("Picardie", "Amiens", 49.894, 2.296, ("health", "agri"), "region-hauts-de-france",
     (("Saint-Quentin", 49.848, 3.287), ("Compiègne", 49.418, 2.826), ("Beauvais", 49.43, 2.081),
      ("Laon", 49.564, 3.62), ("Creil", 49.26, 2.475), ("Abbeville", 50.106, 1.834))),
    ("Poitou-Charentes", "Poitiers", 46.58, 0.34, ("transport", "management"), "region-nouvelle-aquitaine",
     (("La Rochelle", 46.16, -1.151), ("Niort", 46.323, -0.465), ("Angoulême", 45.649, 0.156),
      ("Châtellerault", 46.817, 0.546), ("Rochefort", 45.942, -0.962), ("Cognac", 45.696, -0.329))),
    ("Provence-Alpes-Côte d'Azur", "Marseille", 43.296, 5.37, ("water", "energy", "cyber"), "region-sud",
     (("Nice", 43.71, 7.262), ("Toulon", 43.124, 5.928), ("Avignon", 43.949, 4.806), ("Aix-en-Provence", 43.529, 5.447),
      ("Gap", 44.559, 6.079), ("Digne-les-Bains", 44.092, 6.236), ("Fréjus", 43.433, 6.737), ("Istres", 43.513, 4.988),
      ("Cannes", 43.552, 7.017))),
    ("Rhône-Alpes", "Lyon", 45.764, 4.836, ("energy", "ai_data", "construction"), "region-aura",
     (("Grenoble", 45.188, 5.724), ("Saint-Étienne", 45.44, 4.387), ("Annecy", 45.899, 6.129),
      ("Chambéry", 45.564, 5.918), ("Valence", 44.933, 4.892), ("Bourg-en-Bresse", 46.205, 5.226),
      ("Roanne", 46.036, 4.068), ("Villefranche-sur-Saône", 45.99, 4.719), ("Annemasse", 46.193, 6.234))),
    ("Guadeloupe", "Pointe-à-Pitre", 16.241, -61.533, ("health", "education"), None,
     (("Basse-Terre", 15.998, -61.726), ("Les Abymes", 16.271, -61.504))),
    ("Martinique", "Fort-de-France", 14.616, -61.059, ("energy", "education"), None,
     (("Le Lamentin", 14.613, -60.999), ("Le François", 14.616, -60.903))),
    ("Guyane", "Cayenne", 4.922, -52.313, ("construction", "education"), None,
     (("Kourou", 5.16, -52.65), ("Saint-Laurent-du-Maroni", 5.498, -54.029))),
    ("La Réunion", "Saint-Denis", -20.882, 55.451, ("energy", "water"), "region-reunion",
     (("Saint-Pierre", -21.339, 55.478), ("Le Port", -20.937, 55.293), ("Saint-Paul", -21.01, 55.27))),
    ("Mayotte", "Mamoudzou", -12.781, 45.228, ("education", "health"), None, (("Dzaoudzi", -12.788, 45.282),)),
    ("Nouvelle-Calédonie", "Nouméa", -22.276, 166.458, ("water", "industry"), None, (("Koné", -21.059, 164.865),)),
    ("Polynésie française", "Papeete", -17.535, -149.569, ("education", "health"), None,
     (("Uturoa", -16.733, -151.44),)),
    ("Saint-Pierre-et-Miquelon", "Saint-Pierre", 46.78, -56.177, ("education",), None,
     (("Miquelon", 47.097, -56.381),)),
)
# fmt: on

#: Regions whose cooperation runs through an EU Interreg programme with a neighbouring country.
INTERREG = {
    "Guadeloupe": ("Interreg Caraïbes", "HT"),
    "Martinique": ("Interreg Caraïbes", "HT"),
    "Guyane": ("Interreg Caraïbes", "HT"),
    "Mayotte": ("Interreg Océan Indien", "MG"),
    "La Réunion": ("Interreg Océan Indien", "MG"),
}

#: City coordinates of institutions outside the home network of centres.
# fmt: off
CITIES: dict[str, tuple[float, float]] = {
    # France
    "Paris": (48.857, 2.352), "Courbevoie": (48.897, 2.253), "Aubervilliers": (48.914, 2.382),
    "Saint-Ouen-sur-Seine": (48.912, 2.334), "Issy-les-Moulineaux": (48.824, 2.27), "Meudon": (48.813, 2.236),
    "Guyancourt": (48.773, 2.074), "Vélizy-Villacoublay": (48.783, 2.191), "Bezons": (48.926, 2.212),
    "Rueil-Malmaison": (48.877, 2.19), "Nanterre": (48.892, 2.207), "Saint-Denis": (48.936, 2.357),
    "Toulouse": (43.605, 1.444), "Marseille": (43.296, 5.37), "Montpellier": (43.611, 3.877),
    "Orléans": (47.903, 1.909), "Gif-sur-Yvette": (48.702, 2.134), "Plouzané": (48.383, -4.619),
    "Le Chesnay-Rocquencourt": (48.822, 2.121), "Champs-sur-Marne": (48.853, 2.6), "Rennes": (48.117, -1.678),
    "Brest": (48.39, -4.486), "Strasbourg": (48.573, 7.752), "Lille": (50.629, 3.057), "Lyon": (45.764, 4.836),
    "Bordeaux": (44.838, -0.579), "Caen": (49.183, -0.371), "Nantes": (47.218, -1.554), "Dijon": (47.322, 5.041),
    # Algeria
    "Alger": (36.754, 3.059), "Bab Ezzouar": (36.721, 3.183), "Oran": (35.697, -0.633), "Constantine": (36.365, 6.615),
    "Tlemcen": (34.878, -1.315), "Béjaïa": (36.751, 5.056), "Annaba": (36.9, 7.766), "Sétif": (36.191, 5.414),
    # Côte d'Ivoire
    "Abidjan": (5.36, -4.008), "Yamoussoukro": (6.827, -5.289), "Bouaké": (7.69, -5.03), "Korhogo": (9.458, -5.63),
    "San-Pédro": (4.748, -6.636),
    # Haiti
    "Port-au-Prince": (18.594, -72.307), "Cap-Haïtien": (19.759, -72.199), "Les Cayes": (18.193, -73.746),
    "Gonaïves": (19.446, -72.689),
    # Lebanon
    "Beyrouth": (33.894, 35.502), "Tripoli": (34.437, 35.85), "Jounieh": (33.981, 35.618), "Byblos": (34.121, 35.648),
    "Baalbek": (34.006, 36.204), "Baabda": (33.834, 35.544),
    # Morocco
    "Rabat": (34.02, -6.841), "Casablanca": (33.573, -7.59), "Marrakech": (31.63, -7.981), "Kénitra": (34.261, -6.58),
    "Tétouan": (35.578, -5.368), "Fès": (34.033, -5.0), "Agadir": (30.428, -9.598), "Oujda": (34.681, -1.908),
    "Tanger": (35.76, -5.834), "Ben Guérir": (32.236, -7.954), "El Jadida": (33.254, -8.507),
    # Senegal
    "Dakar": (14.716, -17.467), "Saint-Louis": (16.018, -16.489), "Ziguinchor": (12.568, -16.273),
    "Thiès": (14.791, -16.926), "Bambey": (14.7, -16.45),
    # Tunisia
    "Tunis": (36.806, 10.181), "Sfax": (34.74, 10.76), "Sousse": (35.826, 10.636), "Monastir": (35.778, 10.826),
    "Gabès": (33.881, 10.098), "Ariana": (36.866, 10.193), "Borj Cédria": (36.707, 10.419),
    "Kairouan": (35.678, 10.096),
    # Madagascar
    "Antananarivo": (-18.879, 47.508), "Toamasina": (-18.149, 49.402),
    # Brazil
    "São Paulo": (-23.551, -46.633), "Campinas": (-22.906, -47.061), "Rio de Janeiro": (-22.907, -43.173),
    "Belo Horizonte": (-19.917, -43.935), "Porto Alegre": (-30.035, -51.218), "Florianópolis": (-27.595, -48.548),
    "Recife": (-8.048, -34.877), "São José dos Campos": (-23.179, -45.887), "Curitiba": (-25.429, -49.271),
    "Brasília": (-15.794, -47.882),
    # China
    "Shanghai": (31.23, 121.474), "Beijing": (39.904, 116.407), "Harbin": (45.803, 126.535), "Wuhan": (30.593, 114.305),
    "Tianjin": (39.343, 117.362), "Nanjing": (32.06, 118.797), "Chengdu": (30.573, 104.066),
    "Guangzhou": (23.129, 113.264),
    # Russia
    "Moscow": (55.756, 37.617), "Saint Petersburg": (59.939, 30.316), "Tomsk": (56.485, 84.948),
    "Novosibirsk": (55.008, 82.935), "Kazan": (55.796, 49.106), "Yekaterinburg": (56.838, 60.597),
    # Europe and Canada
    "Bruxelles": (50.847, 4.357), "Louvain-la-Neuve": (50.668, 4.612), "Liège": (50.633, 5.567),
    "München": (48.137, 11.575), "Karlsruhe": (49.007, 8.404), "Barcelona": (41.385, 2.173), "Madrid": (40.417, -3.704),
    "Milano": (45.464, 9.19), "Torino": (45.07, 7.687), "Porto": (41.15, -8.611), "Lisboa": (38.722, -9.139),
    "Lausanne": (46.52, 6.633), "Montréal": (45.502, -73.567),
}
# fmt: on

#: Partner institutions: country, slug, name, French name (when it differs), short name, kind, city, themes.
# fmt: off
INSTITUTIONS: tuple[tuple[str, str, str, str | None, str, str, str, tuple[str, ...]], ...] = (
    ("FR", "ird", "Institut de recherche pour le développement", None, "IRD", "research", "Marseille",
     ("water", "health", "agri")),
    ("FR", "cirad", "Centre de coopération internationale en recherche agronomique pour le développement", None,
     "Cirad", "research", "Montpellier", ("agri", "water")),
    ("FR", "inria", "Institut national de recherche en sciences et technologies du numérique", None, "Inria",
     "research", "Le Chesnay-Rocquencourt", ("ai_data", "cyber")),
    ("FR", "brgm", "Bureau de recherches géologiques et minières", None, "BRGM", "research", "Orléans",
     ("water", "construction")),
    ("FR", "cea", "Commissariat à l'énergie atomique et aux énergies alternatives", None, "CEA", "research",
     "Gif-sur-Yvette", ("energy", "industry")),
    ("FR", "ifpen", "IFP Énergies nouvelles", None, "IFPEN", "research", "Rueil-Malmaison", ("energy", "transport")),
    ("FR", "ifremer", "Institut français de recherche pour l'exploitation de la mer", None, "Ifremer", "research",
     "Plouzané", ("water",)),
    ("FR", "univ-eiffel", "Université Gustave Eiffel", None, "UGE", "university", "Champs-sur-Marne",
     ("transport", "construction")),
    ("FR", "imt-atlantique", "IMT Atlantique", None, "IMT Atlantique", "school", "Brest", ("cyber", "telecom")),
    ("FR", "univ-rennes", "Université de Rennes", None, "Univ Rennes", "university", "Rennes", ("cyber", "health")),
    ("FR", "ensam", "Arts et Métiers", None, "ENSAM", "school", "Paris", ("industry", "energy")),
    ("FR", "isae-supaero", "Institut supérieur de l'aéronautique et de l'espace", None, "ISAE-SUPAERO", "school",
     "Toulouse", ("industry",)),
    ("FR", "ehesp", "École des hautes études en santé publique", None, "EHESP", "school", "Rennes", ("health",)),
    ("DZ", "usthb", "Université des sciences et de la technologie Houari-Boumediene", None, "USTHB", "university",
     "Bab Ezzouar", ("cyber", "energy", "water")),
    ("DZ", "enp", "École nationale polytechnique d'Alger", None, "ENP", "school", "Alger",
     ("energy", "water", "industry")),
    ("DZ", "univ-oran", "Université d'Oran", None, "Univ. Oran", "university", "Oran", ("management", "construction")),
    ("DZ", "univ-constantine", "Université de Constantine", None, "Univ. Constantine", "university", "Constantine",
     ("transport", "construction", "health")),
    ("DZ", "univ-tlemcen", "Université de Tlemcen", None, "Univ. Tlemcen", "university", "Tlemcen",
     ("energy", "water", "ai_data")),
    ("DZ", "univ-bejaia", "Université de Béjaïa", None, "Univ. Béjaïa", "university", "Béjaïa",
     ("management", "agri", "ai_data")),
    ("DZ", "univ-annaba", "Université d'Annaba", None, "Univ. Annaba", "university", "Annaba", ("industry", "water")),
    ("DZ", "univ-setif", "Université de Sétif", None, "Univ. Sétif", "university", "Sétif", ("cyber", "education")),
    ("DZ", "cder", "Centre de développement des énergies renouvelables", None, "CDER", "research", "Alger",
     ("energy",)),
    ("CI", "ufhb", "Université Félix Houphouët-Boigny", None, "UFHB", "university", "Abidjan",
     ("management", "health", "education")),
    ("CI", "inphb", "Institut national polytechnique Félix Houphouët-Boigny", None, "INP-HB", "school", "Yamoussoukro",
     ("energy", "construction", "agri", "industry")),
    ("CI", "uao", "Université Alassane Ouattara", None, "UAO", "university", "Bouaké", ("education", "management")),
    ("CI", "una", "Université Nangui Abrogoua", None, "UNA", "university", "Abidjan", ("water", "agri", "health")),
    ("CI", "esatic", "École supérieure africaine des technologies de l'information et de la communication", None,
     "ESATIC", "school", "Abidjan", ("telecom", "cyber")),
    ("CI", "upgc", "Université Peleforo Gon Coulibaly", None, "UPGC", "university", "Korhogo", ("agri", "energy")),
    ("CI", "usp", "Université de San-Pédro", None, "USP", "university", "San-Pédro", ("transport", "construction")),
    ("HT", "ueh", "Université d'État d'Haïti", None, "UEH", "university", "Port-au-Prince",
     ("construction", "health", "education", "management")),
    ("HT", "uniq", "Université Quisqueya", None, "UniQ", "university", "Port-au-Prince",
     ("construction", "water", "health")),
    ("HT", "upnch", "Université publique du Nord au Cap-Haïtien", None, "UPNCH", "university", "Cap-Haïtien",
     ("education", "agri")),
    ("HT", "upsac", "Université publique du Sud aux Cayes", None, "UPSAC", "university", "Les Cayes",
     ("agri", "water", "education")),
    ("HT", "esih", "École supérieure d'infotronique d'Haïti", None, "ESIH", "school", "Port-au-Prince",
     ("telecom", "ai_data", "cyber")),
    ("HT", "upg", "Université publique des Gonaïves", None, "UPG", "university", "Gonaïves",
     ("construction", "energy")),
    ("LB", "ul", "Université libanaise", None, "UL", "university", "Beyrouth",
     ("management", "health", "ai_data", "water")),
    ("LB", "usj", "Université Saint-Joseph de Beyrouth", None, "USJ", "university", "Beyrouth",
     ("management", "health", "cyber")),
    ("LB", "usek", "Université Saint-Esprit de Kaslik", None, "USEK", "university", "Jounieh",
     ("management", "ai_data", "agri")),
    ("LB", "balamand", "Université de Balamand", None, "UOB", "university", "Tripoli",
     ("construction", "health", "ai_data")),
    ("LB", "cnrs-l", "Conseil national de la recherche scientifique du Liban", None, "CNRS-L", "research", "Beyrouth",
     ("water", "energy", "ai_data")),
    ("LB", "ua", "Université antonine", None, "UA", "university", "Baabda", ("education", "telecom")),
    ("LB", "lau", "Lebanese American University", "Université libano-américaine", "LAU", "university", "Byblos",
     ("cyber", "management", "health")),
    ("MA", "um5", "Université Mohammed V de Rabat", None, "UM5", "university", "Rabat",
     ("cyber", "water", "ai_data", "health")),
    ("MA", "uh2c", "Université Hassan II de Casablanca", None, "UH2C", "university", "Casablanca",
     ("management", "cyber", "industry")),
    ("MA", "uca", "Université Cadi Ayyad", None, "UCA", "university", "Marrakech", ("energy", "water", "agri")),
    ("MA", "uit", "Université Ibn Tofail", None, "UIT", "university", "Kénitra", ("energy", "industry")),
    ("MA", "uae", "Université Abdelmalek Essaâdi", None, "UAE", "university", "Tétouan",
     ("transport", "management", "telecom")),
    ("MA", "usmba", "Université Sidi Mohamed Ben Abdellah", None, "USMBA", "university", "Fès",
     ("ai_data", "health", "cyber")),
    ("MA", "uiz", "Université Ibn Zohr", None, "UIZ", "university", "Agadir", ("water", "agri", "energy")),
    ("MA", "ump", "Université Mohammed Premier", None, "UMP", "university", "Oujda", ("energy", "education")),
    ("MA", "emi", "École Mohammadia d'ingénieurs", None, "EMI", "school", "Rabat",
     ("construction", "water", "energy", "industry")),
    ("MA", "inpt", "Institut national des postes et télécommunications", None, "INPT", "school", "Rabat",
     ("cyber", "telecom", "ai_data")),
    ("MA", "ensa-tanger", "École nationale des sciences appliquées de Tanger", None, "ENSA Tanger", "school", "Tanger",
     ("cyber", "industry", "transport")),
    ("MA", "uir", "Université internationale de Rabat", None, "UIR", "university", "Rabat",
     ("cyber", "industry", "energy")),
    ("MA", "um6p", "Université Mohammed VI Polytechnique", None, "UM6P", "university", "Ben Guérir",
     ("agri", "ai_data", "energy")),
    ("MA", "ucd", "Université Chouaïb Doukkali", None, "UCD", "university", "El Jadida", ("water", "education")),
    ("MA", "iresen", "Institut de recherche en énergie solaire et énergies nouvelles", None, "IRESEN", "research",
     "Rabat", ("energy",)),
    ("MA", "dgssi", "Direction générale de la sécurité des systèmes d'information", None, "DGSSI", "public", "Rabat",
     ("cyber",)),
    ("MA", "onee", "Office national de l'électricité et de l'eau potable", None, "ONEE", "public", "Rabat",
     ("energy", "water")),
    ("SN", "ucad", "Université Cheikh Anta Diop", None, "UCAD", "university", "Dakar",
     ("health", "management", "energy", "water")),
    ("SN", "ugb", "Université Gaston Berger", None, "UGB", "university", "Saint-Louis",
     ("ai_data", "agri", "management")),
    ("SN", "esp", "École supérieure polytechnique de Dakar", None, "ESP", "school", "Dakar",
     ("energy", "telecom", "cyber", "construction")),
    ("SN", "uasz", "Université Assane Seck de Ziguinchor", None, "UASZ", "university", "Ziguinchor",
     ("agri", "energy")),
    ("SN", "uidt", "Université Iba Der Thiam de Thiès", None, "UIDT", "university", "Thiès",
     ("construction", "energy", "industry")),
    ("SN", "uadb", "Université Alioune Diop de Bambey", None, "UADB", "university", "Bambey", ("education", "health")),
    ("SN", "unchk", "Université numérique Cheikh Hamidou Kane", None, "UN-CHK", "university", "Dakar",
     ("education", "telecom", "cyber")),
    ("SN", "isep-thies", "Institut supérieur d'enseignement professionnel de Thiès", None, "ISEP Thiès", "school",
     "Thiès", ("education", "energy", "industry")),
    ("SN", "senelec", "Société nationale d'électricité du Sénégal", None, "Senelec", "public", "Dakar", ("energy",)),
    ("SN", "aser", "Agence sénégalaise d'électrification rurale", None, "ASER", "public", "Dakar", ("energy",)),
    ("TN", "utm", "Université de Tunis El Manar", None, "UTM", "university", "Tunis", ("health", "ai_data", "water")),
    ("TN", "ucar", "Université de Carthage", None, "UCAR", "university", "Tunis", ("water", "agri", "management")),
    ("TN", "usf", "Université de Sfax", None, "USF", "university", "Sfax", ("water", "energy", "industry")),
    ("TN", "uss", "Université de Sousse", None, "USS", "university", "Sousse", ("ai_data", "management", "health")),
    ("TN", "um", "Université de Monastir", None, "UM", "university", "Monastir", ("energy", "industry", "health")),
    ("TN", "ugabes", "Université de Gabès", None, "UGabès", "university", "Gabès", ("water", "energy")),
    ("TN", "enit", "École nationale d'ingénieurs de Tunis", None, "ENIT", "school", "Tunis",
     ("water", "construction", "industry")),
    ("TN", "supcom", "École supérieure des communications de Tunis", None, "Sup'Com", "school", "Ariana",
     ("telecom", "cyber", "ai_data")),
    ("TN", "certe", "Centre de recherches et des technologies des eaux", None, "CERTE", "research", "Borj Cédria",
     ("water",)),
    ("TN", "crten", "Centre de recherches et des technologies de l'énergie", None, "CRTEn", "research", "Borj Cédria",
     ("energy",)),
    ("TN", "sonede", "Société nationale d'exploitation et de distribution des eaux", None, "SONEDE", "public", "Tunis",
     ("water",)),
    ("TN", "onas", "Office national de l'assainissement", None, "ONAS", "public", "Tunis", ("water",)),
    ("TN", "ancs", "Agence nationale de la cybersécurité", None, "ANCS", "public", "Tunis", ("cyber",)),
    ("TN", "univ-kairouan", "Université de Kairouan", None, "Univ. Kairouan", "university", "Kairouan",
     ("education", "agri")),
    ("MG", "univ-antananarivo", "Université d'Antananarivo", None, "UA", "university", "Antananarivo",
     ("education", "agri", "health")),
    ("MG", "ist", "Institut supérieur de technologie d'Antananarivo", None, "IST-T", "school", "Antananarivo",
     ("industry", "energy", "construction")),
    ("MG", "univ-toamasina", "Université de Toamasina", None, "UT", "university", "Toamasina",
     ("transport", "management")),
    ("BR", "usp", "Universidade de São Paulo", "Université de São Paulo", "USP", "university", "São Paulo",
     ("industry", "ai_data", "health", "energy")),
    ("BR", "unicamp", "Universidade Estadual de Campinas", None, "Unicamp", "university", "Campinas",
     ("industry", "energy", "agri")),
    ("BR", "ufrj", "Universidade Federal do Rio de Janeiro", None, "UFRJ", "university", "Rio de Janeiro",
     ("energy", "transport", "construction")),
    ("BR", "ufmg", "Universidade Federal de Minas Gerais", None, "UFMG", "university", "Belo Horizonte",
     ("industry", "water")),
    ("BR", "ufrgs", "Universidade Federal do Rio Grande do Sul", None, "UFRGS", "university", "Porto Alegre",
     ("industry", "ai_data")),
    ("BR", "ufsc", "Universidade Federal de Santa Catarina", None, "UFSC", "university", "Florianópolis",
     ("industry", "energy", "transport")),
    ("BR", "ufpe", "Universidade Federal de Pernambuco", None, "UFPE", "university", "Recife",
     ("ai_data", "cyber", "water")),
    ("BR", "ita", "Instituto Tecnológico de Aeronáutica", "Institut technologique de l'aéronautique", "ITA", "school",
     "São José dos Campos", ("industry",)),
    ("BR", "ufpr", "Universidade Federal do Paraná", None, "UFPR", "university", "Curitiba", ("transport", "agri")),
    ("BR", "unb", "Universidade de Brasília", None, "UnB", "university", "Brasília", ("management", "health")),
    ("CN", "tongji", "Tongji University", "Université Tongji", "Tongji", "university", "Shanghai",
     ("transport", "construction", "industry")),
    ("CN", "sjtu", "Shanghai Jiao Tong University", None, "SJTU", "university", "Shanghai",
     ("industry", "ai_data", "energy")),
    ("CN", "hit", "Harbin Institute of Technology", "Institut de technologie de Harbin", "HIT", "university", "Harbin",
     ("industry", "ai_data")),
    ("CN", "whu", "Wuhan University", "Université de Wuhan", "WHU", "university", "Wuhan",
     ("water", "construction", "ai_data")),
    ("CN", "bjtu", "Beijing Jiaotong University", None, "BJTU", "university", "Beijing", ("transport",)),
    ("CN", "tju", "Tianjin University", "Université de Tianjin", "TJU", "university", "Tianjin",
     ("construction", "energy")),
    ("CN", "hust", "Huazhong University of Science and Technology", None, "HUST", "university", "Wuhan",
     ("energy", "industry", "ai_data")),
    ("CN", "seu", "Southeast University", None, "SEU", "university", "Nanjing",
     ("transport", "construction", "telecom")),
    ("CN", "swjtu", "Southwest Jiaotong University", None, "SWJTU", "university", "Chengdu", ("transport",)),
    ("CN", "sysu", "Sun Yat-sen University", "Université Sun Yat-sen", "SYSU", "university", "Guangzhou",
     ("health", "management")),
    ("RU", "msu", "Lomonosov Moscow State University", "Université d'État de Moscou Lomonossov", "MSU", "university",
     "Moscow", ("ai_data", "management")),
    ("RU", "spbpu", "Peter the Great St. Petersburg Polytechnic University", None, "SPbPU", "university",
     "Saint Petersburg", ("industry", "energy", "transport")),
    ("RU", "bmstu", "Bauman Moscow State Technical University", None, "BMSTU", "university", "Moscow",
     ("industry", "cyber")),
    ("RU", "tpu", "Tomsk Polytechnic University", "Université polytechnique de Tomsk", "TPU", "university", "Tomsk",
     ("energy", "industry")),
    ("RU", "nsu", "Novosibirsk State University", None, "NSU", "university", "Novosibirsk", ("ai_data",)),
    ("RU", "kfu", "Kazan Federal University", None, "KFU", "university", "Kazan", ("management", "education")),
    ("RU", "urfu", "Ural Federal University", None, "UrFU", "university", "Yekaterinburg",
     ("industry", "construction")),
    ("RU", "rut", "Russian University of Transport", None, "RUT (MIIT)", "university", "Moscow", ("transport",)),
    ("RU", "itmo", "ITMO University", None, "ITMO", "university", "Saint Petersburg", ("ai_data", "cyber", "telecom")),
    ("BE", "ulb", "Université libre de Bruxelles", None, "ULB", "university", "Bruxelles",
     ("cyber", "ai_data", "management")),
    ("BE", "uclouvain", "Université catholique de Louvain", None, "UCLouvain", "university", "Louvain-la-Neuve",
     ("cyber", "water", "agri")),
    ("BE", "uliege", "Université de Liège", None, "ULiège", "university", "Liège",
     ("construction", "energy", "education")),
    ("DE", "tum", "Technische Universität München", "Université technique de Munich", "TUM", "university", "München",
     ("industry", "ai_data", "energy")),
    ("DE", "kit", "Karlsruher Institut für Technologie", "Institut de technologie de Karlsruhe", "KIT", "university",
     "Karlsruhe", ("energy", "transport", "cyber")),
    ("ES", "upc", "Universitat Politècnica de Catalunya", None, "UPC", "university", "Barcelona",
     ("construction", "telecom", "ai_data")),
    ("ES", "upm", "Universidad Politécnica de Madrid", None, "UPM", "university", "Madrid",
     ("transport", "energy", "industry")),
    ("IT", "polimi", "Politecnico di Milano", None, "PoliMi", "university", "Milano",
     ("industry", "construction", "management")),
    ("IT", "polito", "Politecnico di Torino", None, "PoliTo", "university", "Torino",
     ("industry", "energy", "transport")),
    ("PT", "uporto", "Universidade do Porto", None, "U.Porto", "university", "Porto", ("water", "industry", "ai_data")),
    ("PT", "ulisboa", "Universidade de Lisboa", None, "ULisboa", "university", "Lisboa",
     ("management", "health", "water")),
    ("CH", "epfl", "École polytechnique fédérale de Lausanne", None, "EPFL", "university", "Lausanne",
     ("energy", "ai_data", "water")),
)
# fmt: on

#: Partner centres of the home network abroad: slug, name, country, city, themes, parent slug (None: headquarters).
# fmt: off
PARTNER_CENTRES: tuple[tuple[str, str, str, str, tuple[str, ...], str | None], ...] = (
    ("beyrouth", "Cnam Liban", "LB", "Beyrouth", ("management", "ai_data", "education", "cyber"), None),
    ("tripoli", "Cnam Liban – Tripoli", "LB", "Tripoli", ("management", "education"), "beyrouth"),
    ("baalbek", "Cnam Liban – Baalbek", "LB", "Baalbek", ("education", "agri"), "beyrouth"),
    ("casablanca", "Cnam Maroc", "MA", "Casablanca", ("cyber", "management", "industry"), None),
    ("abidjan", "Cnam Côte d'Ivoire", "CI", "Abidjan", ("management", "education", "telecom"), None),
    ("dakar", "Cnam Sénégal", "SN", "Dakar", ("management", "energy", "education"), None),
    ("tunis", "Cnam Tunisie", "TN", "Tunis", ("management", "water", "ai_data"), None),
    ("alger", "Cnam Algérie", "DZ", "Alger", ("management", "industry"), None),
    ("port-au-prince", "Cnam Haïti", "HT", "Port-au-Prince", ("education", "construction", "management"), None),
    ("antananarivo", "Cnam Madagascar", "MG", "Antananarivo", ("education", "management"), None),
    ("shanghai", "Cnam Chine", "CN", "Shanghai", ("management", "industry"), None),
    ("sao-paulo", "Cnam Brésil", "BR", "São Paulo", ("industry", "management"), None),
)
# fmt: on

#: Companies: slug, name, short name, country, city, themes, also a partner.
# fmt: off
COMPANIES: tuple[tuple[str, str, str | None, str, str, tuple[str, ...], bool], ...] = (
    ("edf", "Électricité de France", "EDF", "FR", "Paris", ("energy",), True),
    ("engie", "Engie", None, "FR", "Courbevoie", ("energy", "water"), True),
    ("totalenergies", "TotalEnergies", None, "FR", "Courbevoie", ("energy",), False),
    ("schneider-electric", "Schneider Electric", None, "FR", "Rueil-Malmaison", ("energy", "industry"), True),
    ("veolia", "Veolia", None, "FR", "Aubervilliers", ("water", "energy"), True),
    ("suez", "Suez", None, "FR", "Paris", ("water",), True),
    ("saur", "Saur", None, "FR", "Issy-les-Moulineaux", ("water",), False),
    ("alstom", "Alstom", None, "FR", "Saint-Ouen-sur-Seine", ("transport", "industry"), True),
    ("sncf", "SNCF", None, "FR", "Saint-Denis", ("transport",), False),
    ("ratp-dev", "RATP Dev", None, "FR", "Paris", ("transport",), False),
    ("systra", "Systra", None, "FR", "Paris", ("transport", "construction"), True),
    ("egis", "Egis", None, "FR", "Guyancourt", ("construction", "transport", "water"), True),
    ("vinci-construction", "Vinci Construction", None, "FR", "Nanterre", ("construction",), False),
    ("bouygues-construction", "Bouygues Construction", None, "FR", "Guyancourt", ("construction", "energy"), True),
    ("eiffage", "Eiffage", None, "FR", "Vélizy-Villacoublay", ("construction",), False),
    ("colas", "Colas", None, "FR", "Paris", ("construction", "transport"), False),
    ("sogea-satom", "Sogea-Satom", None, "FR", "Nanterre", ("construction", "water"), False),
    ("orange", "Orange", None, "FR", "Issy-les-Moulineaux", ("telecom", "cyber"), True),
    ("thales", "Thales", None, "FR", "Meudon", ("cyber", "industry"), True),
    ("airbus", "Airbus", None, "FR", "Toulouse", ("industry",), True),
    ("safran", "Safran", None, "FR", "Paris", ("industry",), True),
    ("naval-group", "Naval Group", None, "FR", "Paris", ("industry",), False),
    ("dassault-systemes", "Dassault Systèmes", None, "FR", "Vélizy-Villacoublay", ("industry", "ai_data"), True),
    ("capgemini", "Capgemini", None, "FR", "Paris", ("ai_data", "cyber", "management"), True),
    ("atos", "Atos", None, "FR", "Bezons", ("cyber", "ai_data"), False),
    ("orange-maroc", "Orange Maroc", None, "MA", "Casablanca", ("telecom", "cyber"), True),
    ("lydec", "Lydec", None, "MA", "Casablanca", ("water", "energy"), True),
    ("orange-ci", "Orange Côte d'Ivoire", None, "CI", "Abidjan", ("telecom",), True),
    ("cie", "Compagnie ivoirienne d'électricité", "CIE", "CI", "Abidjan", ("energy",), False),
    ("sonatel", "Sonatel", None, "SN", "Dakar", ("telecom", "cyber"), True),
    ("sde", "Sénégalaise des eaux", "SDE", "SN", "Dakar", ("water",), False),
)
# fmt: on

#: Funders: id, name, French name (when it differs), short name, kind, country, city, lat/lon override.
# fmt: off
FUNDERS: tuple[tuple[str, str, str | None, str | None, str, str, str, tuple[float, float] | None], ...] = (
    ("afd", "Agence française de développement", None, "AFD", "agency", "FR", "Paris", None),
    ("eu", "European Union (European Commission)", "Union européenne (Commission européenne)", "EU", "public", "BE",
     "Bruxelles", None),
    ("meae", "Ministry for Europe and Foreign Affairs", "Ministère de l'Europe et des Affaires étrangères", "MEAE",
     "public", "FR", "Paris", None),
    ("mesr", "Ministry of Higher Education and Research", "Ministère de l'Enseignement supérieur et de la Recherche",
     "MESR", "public", "FR", "Paris", None),
    ("aimf", "Association internationale des maires francophones", None, "AIMF", "agency", "FR", "Paris", None),
    ("campus-france", "Campus France", None, None, "agency", "FR", "Paris", None),
    ("auf", "Agence universitaire de la Francophonie", None, "AUF", "agency", "CA", "Montréal", None),
    ("capes", "Coordenação de Aperfeiçoamento de Pessoal de Nível Superior", None, "CAPES", "agency", "BR", "Brasília",
     None),
    ("region-bretagne", "Région Bretagne", None, None, "public", "FR", "Rennes", None),
    ("region-grand-est", "Région Grand Est", None, None, "public", "FR", "Strasbourg", None),
    ("region-hauts-de-france", "Région Hauts-de-France", None, None, "public", "FR", "Lille", None),
    ("region-occitanie", "Région Occitanie", None, None, "public", "FR", "Toulouse", None),
    ("region-aura", "Région Auvergne-Rhône-Alpes", None, None, "public", "FR", "Lyon", None),
    ("region-nouvelle-aquitaine", "Région Nouvelle-Aquitaine", None, None, "public", "FR", "Bordeaux", None),
    ("region-sud", "Région Sud – Provence-Alpes-Côte d'Azur", None, "Région Sud", "public", "FR", "Marseille", None),
    ("region-normandie", "Région Normandie", None, None, "public", "FR", "Caen", None),
    ("region-pays-de-la-loire", "Région Pays de la Loire", None, None, "public", "FR", "Nantes", None),
    ("region-bfc", "Région Bourgogne-Franche-Comté", None, None, "public", "FR", "Dijon", None),
    ("region-idf", "Région Île-de-France", None, None, "public", "FR", "Saint-Ouen-sur-Seine", None),
    ("region-reunion", "Région Réunion", None, None, "public", "FR", "Saint-Denis", (-20.882, 55.451)),
)
# fmt: on

AGREEMENT_KINDS = ("convention", "MoU", "joint degree", "Erasmus+ inter-institutional agreement", "framework agreement")

_EVIDENCE = {
    "university": (
        "Master {fr}",
        "Licence professionnelle {fr}",
        "Research team in {en}",
        "Doctoral programme in {en}",
        "Laboratoire {fr}",
    ),
    "school": ("Diplôme d'ingénieur, option {fr}", "Engineering degree in {en}", "Chaire d'enseignement {fr}"),
    "research": ("Research unit on {en}", "Laboratoire commun {fr}", "Publications and patents in {en}"),
    "public": ("National mandate for {en}", "Service technique {fr}", "Operational department in {en}"),
    "company": ("Business line: {en}", "Engineering teams in {en}", "Chaire industrielle {fr}"),
    "training centre": (
        "Diplôme Cnam {fr}",
        "Certificat de spécialisation {fr}",
        "Titre RNCP {fr}",
        "Formation continue {fr}",
        "Continuing education in {en}",
    ),
}

_ACRONYM_SUFFIXES = ("MED", "AFRICA", "SUD", "LAB", "NET", "PLUS", "HUB", "UP", "4ALL", "")

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _slug(text: str) -> str:
    """Lower-case ASCII identifier: ``"Évry-Courcouronnes"`` -> ``"evry-courcouronnes"``.

    >>> _slug("Provence-Alpes-Côte d'Azur")
    'provence-alpes-cote-d-azur'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    out = "".join(ch if ch.isalnum() else "-" for ch in ascii_text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def _weighted(rng: random.Random, items: Sequence[T], weights: Sequence[float]) -> T:
    """One item drawn with the given weights (all of them positive)."""
    return rng.choices(items, weights=weights, k=1)[0]


def _date_plus_months(start: date, months: int) -> date:
    """The day before ``start`` moved by ``months`` months (``start`` is a first of the month)."""
    year, month = divmod(start.month - 1 + months, 12)
    return date(start.year + year, month + 1, 1) - timedelta(days=1)


def _org_row(
    id_: str,
    name: str,
    roles: list[str],
    kind: str,
    country: str,
    city: str,
    lat: float,
    lon: float,
    *,
    name_fr: str | None = None,
    short_name: str | None = None,
    centre_level: str | None = None,
) -> dict:
    return {
        "id": id_,
        "name": name,
        "name_fr": name_fr,
        "short_name": short_name,
        "roles": roles,
        "kind": kind,
        "centre_level": centre_level,
        "country": country,
        "city": city,
        "lat": float(lat),
        "lon": float(lon),
        "website": None,
    }


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


class _Builder:
    """Accumulates the tables of one demo network drawn with one random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.countries = {code: (name, name_fr, priority, in_fr) for code, name, name_fr, priority, in_fr in COUNTRIES}
        self.expertise = {row[0]: row for row in EXPERTISE}
        self.organizations: list[dict] = []
        self.org_by_id: dict[str, dict] = {}
        self.org_themes: dict[str, tuple[str, ...]] = {}
        self.memberships: list[dict] = []
        self.org_expertise: dict[tuple[str, str], dict] = {}
        self.projects: list[dict] = []
        self.project_meta: dict[str, tuple[str, str]] = {}  # project id -> (theme, focus country)
        self.project_members: dict[str, list[list]] = {}  # project id -> [[org id, role], ...]
        self.project_expertise: list[dict] = []
        self.fundings: list[dict] = []
        self.agreements: list[dict] = []
        self.agreement_parties: list[dict] = []
        self.degree: dict[str, int] = {}
        self.acronyms: dict[str, int] = {}
        # Pools, filled by _add_organizations.
        self.regional_ids: list[str] = []
        self.region_of: dict[str, tuple] = {}  # regional centre id -> REGIONS row
        self.teaching_of: dict[str, list[str]] = {}  # regional centre id -> teaching centre ids
        self.parent_of: dict[str, str] = {}
        self.home_partner_ids: list[str] = []  # French partner institutions
        self.foreign_ids: list[str] = []  # institutions and partner centres abroad
        self.partner_centre_of: dict[str, list[str]] = {}  # country -> partner centre ids
        self.company_ids: list[str] = []
        self.hq = HEADQUARTERS[0]

    # -- organizations -------------------------------------------------------

    def _add_org(self, row: dict, themes: tuple[str, ...]) -> None:
        self.organizations.append(row)
        self.org_by_id[row["id"]] = row
        self.org_themes[row["id"]] = themes
        self.degree[row["id"]] = 0

    def _add_organizations(self) -> None:
        rng = self.rng
        hq_id, hq_name, hq_short, hq_city, hq_lat, hq_lon = HEADQUARTERS
        self._add_org(
            _org_row(
                hq_id,
                hq_name,
                ["centre"],
                "university",
                "FR",
                hq_city,
                hq_lat,
                hq_lon,
                short_name=hq_short,
                centre_level="headquarters",
            ),
            tuple(THEMES),
        )
        for region in REGIONS:
            name, city, lat, lon, themes, _council, teaching = region
            rc_id = f"rc-{_slug(name)}"
            self._add_org(
                _org_row(
                    rc_id,
                    f"Cnam {name}",
                    ["centre"],
                    "training centre",
                    "FR",
                    city,
                    lat,
                    lon,
                    short_name=f"Cnam {name}",
                    centre_level="regional",
                ),
                themes,
            )
            self.regional_ids.append(rc_id)
            self.region_of[rc_id] = region
            self.teaching_of[rc_id] = []
            self._add_membership(rc_id, hq_id)
            for tc_city, tc_lat, tc_lon in teaching:
                tc_id = f"tc-{_slug(tc_city)}"
                tc_themes: tuple[str, ...] = (rng.choice(themes),)
                if len(themes) > 1 and rng.random() < 0.4:
                    tc_themes = tuple(t for t in themes if t in tc_themes or rng.random() < 0.5)
                self._add_org(
                    _org_row(
                        tc_id,
                        f"Cnam {tc_city}",
                        ["centre"],
                        "training centre",
                        "FR",
                        tc_city,
                        tc_lat,
                        tc_lon,
                        name_fr=f"Centre d'enseignement Cnam {_de(tc_city)}",
                        centre_level="teaching",
                    ),
                    tc_themes,
                )
                self.teaching_of[rc_id].append(tc_id)
                self._add_membership(tc_id, rc_id)
        for slug, name, country, city, themes, parent in PARTNER_CENTRES:
            pc_id = f"pc-{slug}"
            lat, lon = CITIES[city]
            self._add_org(
                _org_row(
                    pc_id,
                    name,
                    ["centre", "partner"],
                    "training centre",
                    country,
                    city,
                    lat,
                    lon,
                    short_name=name,
                    centre_level="partner_centre",
                ),
                themes,
            )
            self._add_membership(pc_id, f"pc-{parent}" if parent else hq_id)
            self.foreign_ids.append(pc_id)
            self.partner_centre_of.setdefault(country, []).append(pc_id)
        for country, slug, name, name_fr, acronym, kind, city, themes in INSTITUTIONS:
            org_id = f"{country.lower()}-{slug}"
            lat, lon = CITIES[city]
            self._add_org(
                _org_row(org_id, name, ["partner"], kind, country, city, lat, lon, name_fr=name_fr, short_name=acronym),
                themes,
            )
            (self.home_partner_ids if country == "FR" else self.foreign_ids).append(org_id)
        for slug, name, short, country, city, themes, partner in COMPANIES:
            org_id = f"co-{slug}"
            lat, lon = CITIES[city]
            roles = ["company", "partner"] if partner else ["company"]
            self._add_org(_org_row(org_id, name, roles, "company", country, city, lat, lon, short_name=short), themes)
            self.company_ids.append(org_id)
        for fid, name, name_fr, short, kind, country, city, coords in FUNDERS:
            lat, lon = coords or CITIES[city]
            self._add_org(
                _org_row(fid, name, ["funder"], kind, country, city, lat, lon, name_fr=name_fr, short_name=short), ()
            )

    def _add_membership(self, member: str, parent: str) -> None:
        self.memberships.append({"member": member, "parent": parent})
        self.parent_of[member] = parent

    # -- expertise -----------------------------------------------------------

    def _declare(self, org_id: str, term: str, level: int, evidence: str) -> None:
        key = (org_id, term)
        current = self.org_expertise.get(key)
        if current is None:
            self.org_expertise[key] = {"organization": org_id, "expertise": term, "level": level, "evidence": evidence}
        elif level > current["level"]:
            current["level"] = level

    def _evidence(self, kind: str, term: str) -> str:
        _id, name, name_fr, _broader = self.expertise[term]
        template = self.rng.choice(_EVIDENCE.get(kind, _EVIDENCE["university"]))
        return template.format(en=name.lower(), fr=name_fr.lower())

    def _add_declared_expertise(self) -> None:
        rng = self.rng
        for org in self.organizations:
            themes = self.org_themes[org["id"]]
            level_name = org["centre_level"]
            for rank, theme_name in enumerate(themes):
                theme = THEMES[theme_name]
                if level_name == "headquarters":
                    low, high, extra = 3, 5, 1
                elif level_name == "teaching":
                    low, high, extra = 1, 3, rng.randint(0, 1)
                elif rank == 0:
                    low, high, extra = 3, 5, rng.randint(1, 3)
                else:
                    low, high, extra = 2, 4, rng.randint(0, 2)
                terms = [theme.core, *rng.sample(theme.terms, min(extra, len(theme.terms)))]
                for term in terms:
                    self._declare(org["id"], term, rng.randint(low, high), self._evidence(org["kind"], term))

    # -- projects ------------------------------------------------------------

    def _new_project(self, theme_name: str, focus: str, programme_name: str) -> str:
        rng = self.rng
        theme = THEMES[theme_name]
        programme = PROGRAMMES[programme_name]
        project_id = f"P{len(self.projects) + 1:04d}"
        start = date(rng.randint(programme.first, programme.last), rng.randint(1, 12), 1)
        end = min(_date_plus_months(start, rng.randint(*programme.months)), date(2026, 12, 31))
        low, high = programme.budget
        budget = float(round(math.exp(rng.uniform(math.log(low), math.log(high))), -2))
        prefix = rng.choice(theme.prefixes)
        suffix = rng.choice((*_ACRONYM_SUFFIXES, f"-{focus}"))
        acronym = f"{prefix}{suffix}"
        count = self.acronyms.get(acronym, 0) + 1
        self.acronyms[acronym] = count
        if count > 1:
            acronym = f"{acronym}-{count}"
        name, _name_fr, _priority, in_fr = self.countries[focus]
        in_en = f"in {name}" if focus != "FR" else "in France"
        stem = rng.choice(theme.stems).format(in_en=in_en, in_fr=in_fr)
        self.projects.append(
            {
                "id": project_id,
                "title": f"{acronym} – {stem}",
                "programme": programme_name,
                "start": start,
                "end": end,
                "budget": budget,
            }
        )
        self.project_meta[project_id] = (theme_name, focus)
        self.project_members[project_id] = []
        terms = [theme.core, *rng.sample(theme.terms, rng.randint(0, 2))]
        if rng.random() < 0.15:
            other = THEMES[rng.choice(("education", "management", "ai_data"))]
            if other.core not in terms:
                terms.append(other.core)
        for term in terms:
            self.project_expertise.append({"project": project_id, "expertise": term})
        return project_id

    def _join(self, project_id: str, org_id: str, role: str) -> None:
        members = self.project_members[project_id]
        if any(member[0] == org_id for member in members):
            return
        members.append([org_id, role])
        self.degree[org_id] += 1

    def _pick(self, candidates: list[str], base: list[float], exclude: list[str]) -> str | None:
        """Preferential attachment: weight ``base * (1 + projects so far) ** 0.8``."""
        items, weights = [], []
        for org_id, weight in zip(candidates, base, strict=True):
            if weight > 0 and org_id not in exclude:
                items.append(org_id)
                weights.append(weight * (1 + self.degree[org_id]) ** 0.8)
        if not items:
            return None
        return _weighted(self.rng, items, weights)

    def _home_pool(self, theme_name: str) -> tuple[list[str], list[float]]:
        ids, weights = [self.hq], [1.5]
        for rc_id in self.regional_ids:
            if theme_name in self.org_themes[rc_id]:
                ids.append(rc_id)
                weights.append(4.0)
                for tc_id in self.teaching_of[rc_id]:
                    if theme_name in self.org_themes[tc_id]:
                        ids.append(tc_id)
                        weights.append(0.5)
        for org_id in self.home_partner_ids:
            if theme_name in self.org_themes[org_id]:
                ids.append(org_id)
                weights.append(2.5)
        return ids, weights

    def _foreign_pool(self, theme_name: str, countries: list[str]) -> tuple[list[str], list[float]]:
        ids, weights = [], []
        for org_id in self.foreign_ids:
            org = self.org_by_id[org_id]
            if org["country"] in countries and theme_name in self.org_themes[org_id]:
                ids.append(org_id)
                weights.append(1.0 if self.org_themes[org_id][0] != theme_name else 2.0)
        return ids, weights

    def _choose_programme(self, theme_name: str, focus: str) -> str:
        priority = self.countries[focus][2]
        names, weights = [], []
        candidates = list(THEMES[theme_name].programmes)
        if focus in PHC_BY_COUNTRY:
            candidates.append((PHC_BY_COUNTRY[focus], 2))
        if focus in ("MA", "TN", "DZ"):
            candidates.append(("PHC Maghreb", 1))
        if focus == "BR" and theme_name in BRAFITEC_THEMES:
            candidates += [("Brafitec", 5), ("Sciences sans frontières", 2)]
        if priority == "europe":
            candidates += [
                ("Horizon 2020", 2),
                ("Horizon Europe", 2),
                ("Erasmus+ Strategic partnerships", 2),
                ("Erasmus+ Cooperation partnerships", 2),
            ]
        for name, weight in candidates:
            if self._in_scope(name, focus):
                names.append(name)
                weights.append(weight)
        return _weighted(self.rng, names, weights)

    def _in_scope(self, programme_name: str, country: str) -> bool:
        """Whether a programme takes partners from a country."""
        scope = PROGRAMMES[programme_name].scope
        priority = self.countries[country][2]
        if scope == "any":
            return True
        if scope == "abroad":
            return priority not in ("europe", "home")
        if scope in ("francophone", "europe"):
            return priority == scope
        return country in scope.split()

    def _size(self, programme_name: str) -> int:
        low, high = PROGRAMMES[programme_name].size
        sizes = list(range(low, high + 1))
        return _weighted(self.rng, sizes, [(k - low + 1) ** -1.3 for k in sizes])

    def _add_thematic_project(self) -> None:
        rng = self.rng
        theme_names = list(THEMES)
        theme_name = _weighted(rng, theme_names, [THEMES[t].weight for t in theme_names])
        theme = THEMES[theme_name]
        focus = _weighted(rng, [c for c, _w in theme.countries], [w for _c, w in theme.countries])
        programme_name = self._choose_programme(theme_name, focus)
        size = self._size(programme_name)
        project_id = self._new_project(theme_name, focus, programme_name)
        bilateral = programme_name.startswith("PHC") and programme_name != "PHC Maghreb"
        chosen: list[str] = []

        home_ids, home_weights = self._home_pool(theme_name)
        lead = self._pick(home_ids, home_weights, chosen) or self.hq
        chosen.append(lead)
        if lead in self.parent_of and self.org_by_id[lead]["centre_level"] == "teaching" and size >= 3:
            if rng.random() < 0.7:
                chosen.append(self.parent_of[lead])
        if not bilateral and focus in self.partner_centre_of and rng.random() < 0.35:
            pc = self._pick(self.partner_centre_of[focus], [1.0] * len(self.partner_centre_of[focus]), chosen)
            if pc:
                chosen.append(pc)
        if not bilateral and size >= 3 and rng.random() < theme.company_share:
            weights = [
                (3.0 if self.org_by_id[c]["country"] == focus else 1.0) if theme_name in self.org_themes[c] else 0.0
                for c in self.company_ids
            ]
            company = self._pick(self.company_ids, weights, chosen)
            if company:
                chosen.append(company)
        if size >= 5 and rng.random() < 0.5:
            extra = self._pick(home_ids, home_weights, chosen)
            if extra:
                chosen.append(extra)

        others = [c for c, _w in theme.countries if c != focus and self._in_scope(programme_name, c)]
        if programme_name == "PHC Maghreb":
            others = [c for c in ("MA", "TN", "DZ") if c != focus]
        focus_pool = self._foreign_pool(theme_name, [focus])
        other_pool = self._foreign_pool(theme_name, others)
        while len(chosen) < size:
            use_focus = rng.random() < (0.5 if programme_name == "PHC Maghreb" else 0.75) or bilateral
            pool = focus_pool if use_focus else other_pool
            org_id = self._pick(*pool, chosen) or self._pick(*focus_pool, chosen) or self._pick(*other_pool, chosen)
            if org_id is None:
                break
            chosen.append(org_id)

        coordinator = chosen[0]
        if len(chosen) > 1 and rng.random() < (0.5 if bilateral or programme_name.startswith("AFD") else 0.3):
            foreign = [c for c in chosen if self.org_by_id[c]["country"] != "FR"]
            if foreign:
                coordinator = foreign[0]
        collaborative = programme_name.startswith(("Horizon", "Erasmus+"))
        for org_id in chosen:
            if org_id == coordinator:
                role = "coordinator"
            elif "company" in self.org_by_id[org_id]["roles"]:
                role = "associated" if rng.random() < 0.5 else "partner"
            else:
                role = "participant" if collaborative else "partner"
            self._join(project_id, org_id, role)
        self._fund(project_id, programme_name, chosen)

    def _add_regional_projects(self) -> None:
        rng = self.rng
        for rc_id in self.regional_ids:
            name, _city, _lat, _lon, themes, council, teaching = self.region_of[rc_id]
            interreg = INTERREG.get(name)
            twins = [c for c in ("MA", "TN", "SN", "CI", "LB", "HT", "DZ", "MG") if rng.random() < 0.3][:2]
            if not twins:
                twins = [rng.choice(("MA", "TN", "SN", "CI", "LB", "HT", "DZ"))]
            teaching_ids = self.teaching_of[rc_id]
            count = max(2, (len(teaching) + 1) // 2) + rng.randint(0, 2)
            for index in range(count):
                theme_name = rng.choice(themes)
                if interreg and (council is None or index % 2 == 0):
                    programme_name, focus = interreg
                elif council is not None:
                    programme_name, focus = "Coopération décentralisée", rng.choice(twins)
                else:
                    programme_name, focus = "AUF – Appel à projets", rng.choice(twins)
                project_id = self._new_project(theme_name, focus, programme_name)
                chosen = [rc_id]
                # Least-used teaching centres first, so that every one takes part somewhere.
                ranked = sorted(teaching_ids, key=lambda t: (self.degree[t], rng.random()))
                chosen += ranked[: rng.randint(1, min(3, len(ranked)))]
                pool = self._foreign_pool(theme_name, [focus])
                if not pool[0]:
                    pool = self._foreign_pool(theme_name, [c for c, _w in THEMES[theme_name].countries])
                for _ in range(rng.randint(1, 3)):
                    org_id = self._pick(*pool, chosen)
                    if org_id:
                        chosen.append(org_id)
                for org_id in chosen:
                    role = "coordinator" if org_id == rc_id else "participant" if org_id in teaching_ids else "partner"
                    self._join(project_id, org_id, role)
                self._fund(project_id, programme_name, chosen, council=council)

    def _fund(self, project_id: str, programme_name: str, members: list[str], council: str | None = None) -> None:
        rng = self.rng
        project = self.projects[-1]
        assert project["id"] == project_id
        budget = project["budget"]
        year = project["start"].year
        funded = rng.uniform(0.6, 1.0)
        shares = list(PROGRAMMES[programme_name].funders)
        if programme_name == "Coopération décentralisée" and council is not None:
            shares = [(council, 0.8)]
        if programme_name.startswith("AFD") and rng.random() < 0.15:
            shares.append(("eu", 0.3))
        if programme_name.startswith("Interreg") and council:
            shares.append((council, 0.25))
        # A regional council sometimes tops up a project one of its regional centres takes part in.
        if rng.random() < 0.12:
            for org_id in members:
                if org_id in self.region_of and self.region_of[org_id][5]:
                    shares.append((self.region_of[org_id][5], 0.1))
                    break
        seen: list[str] = []
        for funder, share in shares:
            if funder in seen:
                continue
            seen.append(funder)
            self.fundings.append(
                {
                    "funder": funder,
                    "project": project_id,
                    "amount": float(round(budget * funded * share, -2)),
                    "year": year,
                }
            )

    def _cover_everyone(self) -> None:
        """Add every organization (funders aside) that has no project to a project of its theme."""
        by_theme: dict[str, list[str]] = {}
        for project in self.projects:
            theme_name, _focus = self.project_meta[project["id"]]
            by_theme.setdefault(theme_name, []).append(project["id"])
        for org in self.organizations:
            org_id = org["id"]
            if self.degree[org_id] or "funder" in org["roles"]:
                continue
            themes = self.org_themes[org_id]
            candidates = [p for t in themes for p in by_theme.get(t, []) if len(self.project_members[p]) < 12]
            preferred = [p for p in candidates if self.project_meta[p][1] == org["country"]]
            if org["centre_level"] == "teaching":
                parent = self.parent_of[org_id]
                preferred = [
                    p
                    for p, members in self.project_members.items()
                    if len(members) < 12 and any(m[0] == parent for m in members)
                ]
            choice = preferred or candidates
            if choice:
                role = "associated" if "company" in org["roles"] else "partner"
                self._join(self.rng.choice(choice), org_id, role)

    def _add_contributions(self) -> list[dict]:
        rng = self.rng
        rows = []
        for project in self.projects:
            members = self.project_members[project["id"]]
            weights = []
            for _org_id, role in members:
                if role == "coordinator":
                    weights.append(rng.uniform(2.0, 3.5))
                elif role == "associated":
                    weights.append(0.0)
                else:
                    weights.append(rng.uniform(0.5, 1.5))
            total = project["budget"] * rng.uniform(0.85, 1.0)
            norm = sum(weights)
            for (org_id, role), weight in zip(members, weights, strict=True):
                contribution = float(round(total * weight / norm, -2)) if weight else None
                rows.append(
                    {"organization": org_id, "project": project["id"], "role": role, "contribution": contribution}
                )
        return rows

    def _add_project_evidence(self) -> None:
        """Some participants declare the expertise of their projects, with the project as evidence."""
        rng = self.rng
        terms_of: dict[str, list[str]] = {}
        for row in self.project_expertise:
            terms_of.setdefault(row["project"], []).append(row["expertise"])
        for project in self.projects:
            acronym = project["title"].split(" – ")[0]
            for org_id, _role in self.project_members[project["id"]]:
                if "funder" in self.org_by_id[org_id]["roles"] or rng.random() > 0.25:
                    continue
                term = rng.choice(terms_of[project["id"]])
                if (org_id, term) not in self.org_expertise:
                    evidence = f"Project {acronym} ({project['programme']}, {project['start'].year})"
                    self._declare(org_id, term, rng.randint(1, 3), evidence)

    # -- agreements ------------------------------------------------------------

    def _new_agreement(self, kind: str, signed: date, parties: list[str], years: int | None) -> None:
        agreement_id = f"A{len(self.agreements) + 1:04d}"
        expires = None
        if years:
            expires = date(signed.year + years, signed.month, signed.day)
        self.agreements.append({"id": agreement_id, "kind": kind, "signed": signed, "expires": expires})
        for org_id in dict.fromkeys(parties):
            self.agreement_parties.append({"agreement": agreement_id, "organization": org_id})

    def _signed(self, first: int, last: int) -> date:
        rng = self.rng
        return date(rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28))

    def _duration(self) -> int | None:
        return self.rng.choice((3, 4, 5, 5, None))

    def _add_agreements(self) -> None:
        rng = self.rng
        # Founding conventions of the partner centres, and framework agreements with the main funders.
        for slug, _name, _country, _city, _themes, parent in PARTNER_CENTRES:
            parties = [self.hq, f"pc-{slug}"] + ([f"pc-{parent}"] if parent else [])
            self._new_agreement("convention", self._signed(2005, 2016), parties, self._duration())
        for funder in ("afd", "auf", "campus-france", "aimf"):
            self._new_agreement("framework agreement", self._signed(2012, 2022), [self.hq, funder], 5)
        # Regional centres and their regional council.
        for rc_id in self.regional_ids:
            council = self.region_of[rc_id][5]
            if council and rng.random() < 0.7:
                self._new_agreement("convention", self._signed(2013, 2024), [rc_id, council], self._duration())
        # Agreements that grew out of projects: a French member and one or two partners abroad.
        project_ids = [p["id"] for p in self.projects]
        starts = {p["id"]: p["start"] for p in self.projects}
        for project_id in rng.sample(project_ids, k=min(170, len(project_ids))):
            members = [m[0] for m in self.project_members[project_id]]
            home = [
                m
                for m in members
                if self.org_by_id[m]["country"] == "FR" and "funder" not in self.org_by_id[m]["roles"]
            ]
            abroad = [m for m in members if self.org_by_id[m]["country"] != "FR"]
            if not home or not abroad:
                continue
            parties = [home[0], *rng.sample(abroad, k=min(len(abroad), rng.choice((1, 1, 1, 2))))]
            academic = all(self.org_by_id[p]["kind"] in ("university", "school", "training centre") for p in parties)
            programme = next(p["programme"] for p in self.projects if p["id"] == project_id)
            if programme.startswith("Erasmus+ KA"):
                kind = "Erasmus+ inter-institutional agreement"
            elif academic and rng.random() < 0.3:
                kind = "joint degree"
            else:
                kind = rng.choice(("MoU", "MoU", "convention"))
            start = starts[project_id]
            signed_year = min(2025, max(2010, start.year + rng.choice((-1, 0, 0, 1))))
            self._new_agreement(kind, self._signed(signed_year, signed_year), parties, self._duration())
        # Partnership conventions with companies.
        for company in self.company_ids:
            if rng.random() < 0.55:
                themes = self.org_themes[company]
                country = self.org_by_id[company]["country"]
                if country != "FR" and country in self.partner_centre_of:
                    partner = self.partner_centre_of[country][0]
                else:
                    candidates = [rc for rc in self.regional_ids if set(themes) & set(self.org_themes[rc])]
                    partner = rng.choice(candidates) if candidates else self.hq
                self._new_agreement("convention", self._signed(2012, 2025), [partner, company], self._duration())

    # -- assembly --------------------------------------------------------------

    def build(self) -> dict[str, list[dict]]:
        self._add_organizations()
        self._add_declared_expertise()
        for _ in range(THEMATIC_PROJECTS):
            self._add_thematic_project()
        self._add_regional_projects()
        self._cover_everyone()
        participations = self._add_contributions()
        self._add_project_evidence()
        self._add_agreements()
        return {
            "countries": [
                {"code": code, "name": name, "name_fr": name_fr, "priority": priority}
                for code, name, name_fr, priority, _in_fr in COUNTRIES
            ],
            "organizations": self.organizations,
            "memberships": self.memberships,
            "expertise": [
                {"id": id_, "name": name, "name_fr": name_fr, "broader": broader}
                for id_, name, name_fr, broader in EXPERTISE
            ],
            "organization_expertise": list(self.org_expertise.values()),
            "projects": self.projects,
            "project_expertise": self.project_expertise,
            "participations": participations,
            "fundings": self.fundings,
            "agreements": self.agreements,
            "agreement_parties": self.agreement_parties,
        }


def _de(city: str) -> str:
    """French "de <city>" with elision and contraction.

    >>> _de("Évreux"), _de("Le Havre"), _de("Les Abymes"), _de("Brest")
    ("d'Évreux", 'du Havre', 'des Abymes', 'de Brest')
    """
    if city.startswith("Le "):
        return f"du {city[3:]}"
    if city.startswith("Les "):
        return f"des {city[4:]}"
    if city[0] in "AEIOUYÉÈÊÂÎÔ":
        return f"d'{city}"
    return f"de {city}"


def demo_network(seed: int = 2026) -> dict[str, list[dict]]:
    """An illustrative Cnam-like partnership network, as tables of :mod:`loaders.schema`.

    The same ``seed`` gives the same network, row for row. Places and
    institutions are real names used for realism; every relation, project,
    agreement and amount is invented (see :data:`DEMO_NOTICE`). No
    organization has a website.
    """
    network = _Builder(seed).build()
    assert list(network) == list(TABLES)
    return network
