// title: Upsert project_expertise
// description: Creates or updates the ADDRESSES relationships of the project_expertise table, from (Project {id: row.project}) to (Expertise {id: row.expertise}).
// param rows: List of row maps (see docs/input-format.md), each with its `hash`.
// param source: Where the rows come from (file or dataset), recorded as provenance.
// param imported_at: ISO timestamp of the import, recorded as provenance.
// returns: n
// mode: write
UNWIND $rows AS row
MATCH (a:Project {id: row.project})
MATCH (b:Expertise {id: row.expertise})
MERGE (a)-[r:ADDRESSES]->(b)
SET r.row_hash = row.hash, r.source = $source, r.imported_at = $imported_at
RETURN count(*) AS n
