// title: Upsert memberships
// description: Creates or updates the MEMBER_OF relationships of the memberships table, from (Organization {id: row.member}) to (Organization {id: row.parent}).
// param rows: List of row maps (see docs/input-format.md), each with its `hash`.
// param source: Where the rows come from (file or dataset), recorded as provenance.
// param imported_at: ISO timestamp of the import, recorded as provenance.
// returns: n
// mode: write
UNWIND $rows AS row
MATCH (a:Organization {id: row.member})
MATCH (b:Organization {id: row.parent})
MERGE (a)-[r:MEMBER_OF]->(b)
SET r.row_hash = row.hash, r.source = $source, r.imported_at = $imported_at
RETURN count(*) AS n
