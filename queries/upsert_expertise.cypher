// title: Upsert expertise
// description: Creates or updates Expertise nodes from rows of the expertise table, keyed by id.
// param rows: List of row maps (see docs/input-format.md), each with its `hash`.
// param source: Where the rows come from (file or dataset), recorded as provenance.
// param imported_at: ISO timestamp of the import, recorded as provenance.
// returns: n
// mode: write
UNWIND $rows AS row
MERGE (e:Expertise {id: row.id})
SET e.name = row.name,
    e.name_fr = row.name_fr,
    e.broader = row.broader,
    e.name_search = row.name_search,
    e.row_hash = row.hash, e.source = $source, e.imported_at = $imported_at
RETURN count(*) AS n
