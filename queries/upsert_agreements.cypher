// title: Upsert agreements
// description: Creates or updates Agreement nodes from rows of the agreements table, keyed by id.
// param rows: List of row maps (see docs/input-format.md), each with its `hash`.
// param source: Where the rows come from (file or dataset), recorded as provenance.
// param imported_at: ISO timestamp of the import, recorded as provenance.
// returns: n
// mode: write
UNWIND $rows AS row
MERGE (a:Agreement {id: row.id})
SET a.kind = row.kind,
    a.signed = row.signed,
    a.expires = row.expires,
    a.start_year = row.start_year,
    a.row_hash = row.hash, a.source = $source, a.imported_at = $imported_at
RETURN count(*) AS n
