// title: Upsert fundings
// description: Creates or updates the FUNDS relationships of the fundings table, from (Organization {id: row.funder}) to (Project {id: row.project}).
// param rows: List of row maps (see docs/input-format.md), each with its `hash`.
// param source: Where the rows come from (file or dataset), recorded as provenance.
// param imported_at: ISO timestamp of the import, recorded as provenance.
// returns: n
// mode: write
UNWIND $rows AS row
MATCH (a:Organization {id: row.funder})
MATCH (b:Project {id: row.project})
MERGE (a)-[r:FUNDS]->(b)
SET r.amount = row.amount,
    r.year = row.year,
    r.row_hash = row.hash, r.source = $source, r.imported_at = $imported_at
RETURN count(*) AS n
