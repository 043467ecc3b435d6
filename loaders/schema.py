"""The input format of a network: tables, their columns, types and references.

This module is the single definition of what a network file holds. The
readers (CSV folder, Excel workbook, JSON file), the validator, the demo
generator and the CORDIS importers all produce or check these tables, and
``docs/input-format.md`` is checked against it by a test.

A *network* in memory is ``dict[str, list[dict]]``: table name -> rows, each
row a dict of column name -> already-typed value (``None`` when empty).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "CENTRE_LEVELS",
    "LIST_SEPARATOR",
    "PARTICIPATION_ROLES",
    "ROLES",
    "TABLES",
    "TABLE_ORDER",
    "Column",
    "Network",
    "Table",
    "with_all_columns",
]

#: A network in memory: table name -> rows, each row a dict of column name -> typed value.
Network = dict[str, list[dict]]

#: Separator of several values inside one cell (roles, lists).
LIST_SEPARATOR = "|"

ROLES = ("centre", "partner", "company", "funder")
CENTRE_LEVELS = ("headquarters", "regional", "teaching", "partner_centre")
PARTICIPATION_ROLES = ("coordinator", "participant", "partner", "associated", "funder", "other")


@dataclass(frozen=True)
class Column:
    """One column of a table.

    ``type`` is one of ``text``, ``integer``, ``number`` (decimal comma
    accepted), ``date`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), ``list``
    (values separated by ``|``). ``ref`` names the table whose key this
    column refers to. ``choices`` restricts the values (for a list, each one).
    ``added`` marks an optional column added after the format was first
    published: rows built in Python before it existed may leave it out (it
    reads as empty); every other column must be in every Python row.
    """

    name: str
    type: str = "text"
    required: bool = False
    ref: str | None = None
    choices: tuple[str, ...] = ()
    help: str = ""
    added: bool = False


@dataclass(frozen=True)
class Table:
    """One table: its columns and the columns that identify a row."""

    name: str
    help: str
    key: tuple[str, ...]
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "countries",
            "Countries, with an optional priority group (e.g. francophone, emerging).",
            key=("code",),
            columns=(
                Column("code", required=True, help="ISO 3166-1 alpha-2 code, e.g. MA (NA is Namibia)."),
                Column("name", required=True, help="English name."),
                Column("name_fr", help="French name."),
                Column("priority", help="Priority group, e.g. francophone, emerging."),
            ),
        ),
        Table(
            "organizations",
            "Every institution: centres of the home network, partners, companies, funders.",
            key=("id",),
            columns=(
                Column("id", required=True, help="Stable identifier, unique in the network."),
                Column("name", required=True, help="Full name."),
                Column("name_fr", help="French name, when it differs."),
                Column("short_name", help="Acronym or short name."),
                Column(
                    "roles",
                    type="list",
                    required=True,
                    choices=ROLES,
                    help="One or more of centre, partner, company, funder, separated by |.",
                ),
                Column("kind", help="Kind of institution, e.g. university, research, company, public, agency."),
                Column(
                    "centre_level",
                    choices=CENTRE_LEVELS,
                    help="For centres: headquarters, regional, teaching or partner_centre.",
                ),
                Column("country", ref="countries", help="Country code."),
                Column("city"),
                Column("nuts", help="NUTS region code (the most precise known), e.g. FR101.", added=True),
                Column("lat", type="number", help="Latitude, decimal degrees."),
                Column("lon", type="number", help="Longitude, decimal degrees."),
                Column("website"),
            ),
        ),
        Table(
            "memberships",
            "Centre membership: a teaching centre belongs to a regional centre, which belongs to the headquarters.",
            key=("member", "parent"),
            columns=(
                Column("member", required=True, ref="organizations", help="Id of the member centre."),
                Column("parent", required=True, ref="organizations", help="Id of the centre it belongs to."),
            ),
        ),
        Table(
            "expertise",
            "Expertise vocabulary, with broader terms.",
            key=("id",),
            columns=(
                Column("id", required=True),
                Column("name", required=True, help="English name."),
                Column("name_fr", help="French name."),
                Column("broader", ref="expertise", help="Id of the broader expertise."),
            ),
        ),
        Table(
            "organization_expertise",
            "What an organization knows, with a level and the evidence for it.",
            key=("organization", "expertise"),
            columns=(
                Column("organization", required=True, ref="organizations"),
                Column("expertise", required=True, ref="expertise"),
                Column("level", type="integer", help="1 (some) to 5 (reference)."),
                Column("evidence", help="Why: a degree, a lab, a project."),
            ),
        ),
        Table(
            "projects",
            "Joint activities: EU projects, mobility programmes, joint degrees, funded actions.",
            key=("id",),
            columns=(
                Column("id", required=True),
                Column("title", required=True),
                Column("acronym", help="Short name of the project, e.g. SolDAC.", added=True),
                Column("programme", help="Programme, e.g. Erasmus+, Brafitec, H2020 SC4."),
                Column(
                    "funding_scheme",
                    help="Kind of action, e.g. HORIZON-RIA (research and innovation action).",
                    added=True,
                ),
                Column("start", type="date"),
                Column("end", type="date"),
                Column("budget", type="number", help="Total budget in euros."),
                Column(
                    "keywords",
                    type="list",
                    help="Free keywords, separated by |; searched by the partner finder.",
                    added=True,
                ),
            ),
        ),
        Table(
            "project_expertise",
            "Expertise a project addresses.",
            key=("project", "expertise"),
            columns=(
                Column("project", required=True, ref="projects"),
                Column("expertise", required=True, ref="expertise"),
            ),
        ),
        Table(
            "participations",
            "Who takes part in which project.",
            key=("organization", "project"),
            columns=(
                Column("organization", required=True, ref="organizations"),
                Column("project", required=True, ref="projects"),
                Column("role", choices=PARTICIPATION_ROLES),
                Column("order", type="integer", help="Rank in the consortium (1: the coordinator).", added=True),
                Column("contribution", type="number", help="Amount received, in euros."),
            ),
        ),
        Table(
            "fundings",
            "Funders paying for projects.",
            key=("funder", "project"),
            columns=(
                Column("funder", required=True, ref="organizations", help="Id of an organization with role funder."),
                Column("project", required=True, ref="projects"),
                Column("amount", type="number", help="Euros."),
                Column("year", type="integer"),
            ),
        ),
        Table(
            "agreements",
            "Conventions and memoranda of understanding.",
            key=("id",),
            columns=(
                Column("id", required=True),
                Column("kind", help="e.g. convention, MoU, joint degree."),
                Column("signed", type="date"),
                Column("expires", type="date"),
            ),
        ),
        Table(
            "agreement_parties",
            "Organizations party to an agreement.",
            key=("agreement", "organization"),
            columns=(
                Column("agreement", required=True, ref="agreements"),
                Column("organization", required=True, ref="organizations"),
            ),
        ),
    )
}

#: Tables in the order they can be written (referenced tables first).
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)


def with_all_columns(network: Network) -> Network:
    """Every row with every column of its table, in the table's order (``None`` for those it lacks).

    >>> with_all_columns({"fundings": [{"project": "p", "funder": "f"}]})["fundings"]
    [{'funder': 'f', 'project': 'p', 'amount': None, 'year': None}]
    """
    return {
        name: [{c.name: row.get(c.name) for c in TABLES[name].columns} for row in rows] if name in TABLES else rows
        for name, rows in network.items()
    }
