// title: Upsert projects
// description: Creates or updates Project nodes from rows of the projects table, keyed by id.
// param rows: List of row maps (see docs/input-format.md), each with its `hash`.
// param source: Where the rows come from (file or dataset), recorded as provenance.
// param imported_at: ISO timestamp of the import, recorded as provenance.
// returns: n
// mode: write
UNWIND $rows AS row
MERGE (p:Project {id: row.id})
SET p.title = row.title,
    p.acronym = row.acronym,
    p.programme = row.programme,
    p.funding_scheme = row.funding_scheme,
    p.keywords = row.keywords,
    p.start = row.start,
    p.end = row.end,
    p.budget = row.budget,
    p.start_year = row.start_year,
    p.end_year = row.end_year,
    p.title_search = row.title_search,
    p.row_hash = row.hash, p.source = $source, p.imported_at = $imported_at
RETURN count(*) AS n
