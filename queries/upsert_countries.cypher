// title: Upsert countries
// description: Creates or updates Country nodes from rows of the countries table, keyed by code.
// param rows: List of row maps (see docs/input-format.md), each with its `hash`.
// param source: Where the rows come from (file or dataset), recorded as provenance.
// param imported_at: ISO timestamp of the import, recorded as provenance.
// returns: n
// mode: write
UNWIND $rows AS row
MERGE (c:Country {code: row.code})
SET c.name = row.name,
    c.name_fr = row.name_fr,
    c.priority = row.priority,
    c.row_hash = row.hash, c.source = $source, c.imported_at = $imported_at
RETURN count(*) AS n
