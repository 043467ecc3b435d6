"""French and English: the interface follows the browser, ``?lang=`` switches (and is remembered).

Messages are keyed by their English text's short name; :func:`gettext` falls
back to English, then to the key. Names from the data show in French where
the data has a French name (:func:`localized`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, g, request

__all__ = ["COOKIE", "LANGUAGES", "MESSAGES", "get_lang", "gettext", "localized", "remember_lang"]

LANGUAGES = ("en", "fr")
COOKIE = "lang"

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "app": "partnernet",
        "network": "Network",
        "search": "Search",
        "search_placeholder": "Find an organization (accents and case ignored)",
        "search_button": "Find",
        "filters": "Filters",
        "role.centre": "Centre",
        "role.partner": "Partner",
        "role.company": "Company",
        "role.funder": "Funder",
        "country": "Country",
        "countries": "Countries",
        "priority": "Priority group",
        "expertise": "Expertise",
        "funder": "Funder",
        "years": "Years",
        "from": "from",
        "to": "to",
        "min_strength": "Minimum tie strength",
        "apply": "Apply",
        "reset": "Reset",
        "any": "any",
        "legend": "Legend",
        "showing": "Showing {shown} of {total} organizations and {ties} of {total_ties} ties.",
        "left_out": (
            "{left_out} organizations were left out: only the {shown} most connected are drawn "
            "(limit {max_nodes}). Narrow the view with the filters (country, expertise, funder, years, "
            "tie strength) to see the others."
        ),
        "ties_left_out": "The {ties_left_out} weakest ties between the organizations shown are not drawn.",
        "wide_activities": (
            "{count} projects or agreements have more than {limit} participants: they tie none of them here, "
            "nor in hubs, paths and partner proximity (each would tie every participant to every other)."
        ),
        "missing": "Not in the graph: {ids}.",
        "empty": "No organization matches these filters.",
        "details": "Details",
        "close": "Close",
        "expand": "Expand",
        "open_page": "Open page",
        "ties": "Ties",
        "partners": "Project partners",
        "agreement_partners": "Agreement partners",
        "parents": "Member of",
        "members": "Members",
        "projects": "Projects",
        "funded_projects": "Projects funded",
        "funders": "Funders",
        "provenance": "Where the data came from",
        "source": "Source",
        "imported_at": "Imported",
        "shared": "shared",
        "none": "none",
        "roles": "Roles",
        "kind": "Kind",
        "city": "City",
        "website": "Website",
        "strength": "Strength",
        "role": "Role",
        "title": "Title",
        "programme": "Programme",
        "amount": "Amount",
        "of": "of",
        "results": "{n} organizations found for “{q}”.",
        "no_results": "No organization found for “{q}”.",
        "show_in_network": "Show in the network",
        "language": "Language",
        "error": "Error",
        "not_found": "Not found",
        "back": "Back to the network",
        "loading": "Loading…",
        "selected": "Selected",
        "path": "Path",
        "highlighted": "Highlighted",
        "hubs": "Excellence hubs",
        "hub": "Hub",
        "hubs_intro": "Communities of the cooperation graph, best score first; each score shows its parts.",
        "network_by_hub": "See the network coloured by hub.",
        "hubs_found": "{n} hubs.",
        "no_hubs": "No hub matches these filters.",
        "score": "Score",
        "size": "Size",
        "anchors": "Anchors",
        "specialisation": "Specialisation",
        "cohesion": "Cohesion",
        "density": "Density",
        "method": "Method",
        "share": "Share of members",
        "network_share": "Share in the network",
        "lift": "Lift",
        "other_hubs": "Smaller hubs, or in no hub",
        "paths": "Cooperation paths",
        "paths_intro": (
            "Chains of existing ties from one organization to another, or to a funder; strong and recent ties first."
        ),
        "org_or_funder": "organization or funder",
        "max_hops": "Max hops",
        "avoid": "Avoid",
        "avoid_placeholder": "ids, names or country codes, comma-separated",
        "via_roles": "Only through",
        "cost": "cost",
        "hops": "hops",
        "funded_by": "funded by",
        "with": "with",
        "agreement": "agreement",
        "partners_finder": "Partner finder",
        "need": "Need",
        "asked_by": "Asked by",
        "read_as": "Read as",
        "ignored": "ignored",
        "in_project_keywords": "in project keywords",
        "through_term_list": "through the FR/EN term list",
        "not_understood": "not understood",
        "not_understood_hint": "no expertise term, project keyword or organization name holds these words",
        "no_partner": "No partner matches these filters.",
        "organization": "Organization",
        "why": "Why",
        "track_record": "track record",
        "proximity": "proximity",
        "recommendations": "Recommended partners",
        "common_partners": "common partners",
        "shared_expertise": "shared expertise",
        "try": "Try",
        "console": "Console",
        "console_intro": "Read-only Cypher on {engine}: at most {seconds} s and {rows} rows per query.",
        "library": "Saved queries",
        "library_intro": "Every read query of the library; open one in the console with its parameters.",
        "saved_query": "saved query",
        "parameters": "Parameters",
        "run": "Run",
        "history": "History (this browser)",
        "rows": "rows",
        "running": "Running…",
        "graph": "Graph",
        "open_in_console": "Open in the console",
        "returns": "Returns",
        "json_value": 'a JSON value: 5, "text", ["a", "b"], null',
    },
    "fr": {
        "app": "partnernet",
        "network": "Réseau",
        "search": "Recherche",
        "search_placeholder": "Trouver une organisation (accents et casse ignorés)",
        "search_button": "Trouver",
        "filters": "Filtres",
        "role.centre": "Centre",
        "role.partner": "Partenaire",
        "role.company": "Entreprise",
        "role.funder": "Financeur",
        "country": "Pays",
        "countries": "Pays",
        "priority": "Groupe prioritaire",
        "expertise": "Expertise",
        "funder": "Financeur",
        "years": "Années",
        "from": "de",
        "to": "à",
        "min_strength": "Force minimale des liens",
        "apply": "Appliquer",
        "reset": "Réinitialiser",
        "any": "tous",
        "legend": "Légende",
        "showing": "{shown} organisations sur {total} et {ties} liens sur {total_ties} affichés.",
        "left_out": (
            "{left_out} organisations ne sont pas affichées : seules les {shown} plus connectées sont "
            "dessinées (limite {max_nodes}). Affinez la vue avec les filtres (pays, expertise, financeur, "
            "années, force des liens) pour voir les autres."
        ),
        "wide_activities": (
            "{count} projets ou accords ont plus de {limit} participants : ils ne lient aucun d'entre eux ici, "
            "ni dans les pôles, les chemins et la proximité des partenaires (chacun lierait chaque participant "
            "à tous les autres)."
        ),
        "ties_left_out": (
            "Les {ties_left_out} liens les plus faibles entre organisations affichées ne sont pas dessinés."
        ),
        "missing": "Absents du graphe : {ids}.",
        "empty": "Aucune organisation ne correspond à ces filtres.",
        "details": "Détails",
        "close": "Fermer",
        "expand": "Déployer",
        "open_page": "Ouvrir la page",
        "ties": "Liens",
        "partners": "Partenaires de projets",
        "agreement_partners": "Partenaires de conventions",
        "parents": "Membre de",
        "members": "Membres",
        "projects": "Projets",
        "funded_projects": "Projets financés",
        "funders": "Financeurs",
        "provenance": "Provenance des données",
        "source": "Source",
        "imported_at": "Importé le",
        "shared": "en commun",
        "none": "aucun",
        "roles": "Rôles",
        "kind": "Type",
        "city": "Ville",
        "website": "Site web",
        "strength": "Force",
        "role": "Rôle",
        "title": "Titre",
        "programme": "Programme",
        "amount": "Montant",
        "of": "sur",
        "results": "{n} organisations trouvées pour « {q} ».",
        "no_results": "Aucune organisation trouvée pour « {q} ».",
        "show_in_network": "Voir dans le réseau",
        "language": "Langue",
        "error": "Erreur",
        "not_found": "Introuvable",
        "back": "Retour au réseau",
        "loading": "Chargement…",
        "selected": "Sélection",
        "path": "Chemin",
        "highlighted": "En évidence",
        "hubs": "Pôles d'excellence",
        "hub": "Pôle",
        "hubs_intro": (
            "Communautés du graphe de coopération, meilleur score d'abord ; chaque score montre ses composantes."
        ),
        "network_by_hub": "Voir le réseau coloré par pôle.",
        "hubs_found": "{n} pôles.",
        "no_hubs": "Aucun pôle ne correspond à ces filtres.",
        "score": "Score",
        "size": "Taille",
        "anchors": "Piliers",
        "specialisation": "Spécialisation",
        "cohesion": "Cohésion",
        "density": "Densité",
        "method": "Méthode",
        "share": "Part des membres",
        "network_share": "Part dans le réseau",
        "lift": "Surreprésentation",
        "other_hubs": "Pôles plus petits, ou hors pôle",
        "paths": "Chemins de coopération",
        "paths_intro": (
            "Chaînes de liens existants d'une organisation à une autre, ou à un financeur ; "
            "les liens forts et récents d'abord."
        ),
        "org_or_funder": "organisation ou financeur",
        "max_hops": "Étapes max.",
        "avoid": "Éviter",
        "avoid_placeholder": "identifiants, noms ou codes pays, séparés par des virgules",
        "via_roles": "Seulement par",
        "cost": "coût",
        "hops": "étapes",
        "funded_by": "financé par",
        "with": "avec",
        "agreement": "convention",
        "partners_finder": "Recherche de partenaires",
        "need": "Besoin",
        "asked_by": "Demandé par",
        "read_as": "Compris comme",
        "ignored": "ignorés",
        "in_project_keywords": "dans les mots-clés des projets",
        "through_term_list": "par la liste de termes FR/EN",
        "not_understood": "non compris",
        "not_understood_hint": "aucun terme d'expertise, mot-clé de projet ni nom d'organisation ne contient ces mots",
        "no_partner": "Aucun partenaire ne correspond à ces filtres.",
        "organization": "Organisation",
        "why": "Pourquoi",
        "track_record": "références",
        "proximity": "proximité",
        "recommendations": "Partenaires recommandés",
        "common_partners": "partenaires communs",
        "shared_expertise": "expertise partagée",
        "try": "Essayez",
        "console": "Console",
        "console_intro": "Cypher en lecture seule sur {engine} : au plus {seconds} s et {rows} lignes par requête.",
        "library": "Requêtes enregistrées",
        "library_intro": (
            "Toutes les requêtes de lecture de la bibliothèque ; ouvrez-en une dans la console avec ses paramètres."
        ),
        "saved_query": "requête enregistrée",
        "parameters": "Paramètres",
        "run": "Exécuter",
        "history": "Historique (ce navigateur)",
        "rows": "lignes",
        "running": "Exécution…",
        "graph": "Graphe",
        "open_in_console": "Ouvrir dans la console",
        "returns": "Renvoie",
        "json_value": 'une valeur JSON : 5, "texte", ["a", "b"], null',
    },
}


def get_lang() -> str:
    """The language of this request: ``?lang=``, else the cookie, else the browser's, else English."""
    if "lang" not in g:
        asked = request.args.get("lang")
        if asked in LANGUAGES:
            g.lang = asked
        elif request.cookies.get(COOKIE) in LANGUAGES:
            g.lang = request.cookies[COOKIE]
        else:
            g.lang = request.accept_languages.best_match(LANGUAGES, default="en")
    return g.lang


def remember_lang(response: Response) -> Response:
    """Keep a language chosen with ``?lang=`` for the next pages."""
    asked = request.args.get("lang")
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def gettext(key: str, **values: object) -> str:
    """The message ``key`` in the request's language, formatted with ``values``."""
    lang = get_lang()
    text = MESSAGES[lang].get(key) or MESSAGES["en"].get(key) or key
    return text.format(**values) if values else text


def localized(row: Mapping[str, Any] | None, field: str = "name", lang: str | None = None) -> str | None:
    """``row[field + '_fr']`` in French when the data has it, else ``row[field]``.

    >>> localized({"name": "Computer science", "name_fr": "Informatique"}, lang="fr")
    'Informatique'
    >>> localized({"name": "Cnam", "name_fr": None}, lang="fr")
    'Cnam'
    """
    if not row:
        return None
    lang = lang or get_lang()
    if lang == "fr" and row.get(f"{field}_fr"):
        return row[f"{field}_fr"]
    return row.get(field)
