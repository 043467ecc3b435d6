// title: Upsert participations
// description: Creates or updates the PARTICIPATES_IN relationships of the participations table, from (Organization {id: row.organization}) to (Project {id: row.project}).
// param rows: List of row maps (see docs/input-format.md), each with its `hash`.
// param source: Where the rows come from (file or dataset), recorded as provenance.
// param imported_at: ISO timestamp of the import, recorded as provenance.
// returns: n
// mode: write
UNWIND $rows AS row
MATCH (a:Organization {id: row.organization})
MATCH (b:Project {id: row.project})
MERGE (a)-[r:PARTICIPATES_IN]->(b)
SET r.role = row.role,
    r.order = row.order,
    r.contribution = row.contribution,
    r.row_hash = row.hash, r.source = $source, r.imported_at = $imported_at
RETURN count(*) AS n
