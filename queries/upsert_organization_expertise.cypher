// title: Upsert organization_expertise
// description: Creates or updates the HAS_EXPERTISE relationships of the organization_expertise table, from (Organization {id: row.organization}) to (Expertise {id: row.expertise}).
// param rows: List of row maps (see docs/input-format.md), each with its `hash`.
// param source: Where the rows come from (file or dataset), recorded as provenance.
// param imported_at: ISO timestamp of the import, recorded as provenance.
// returns: n
// mode: write
UNWIND $rows AS row
MATCH (a:Organization {id: row.organization})
MATCH (b:Expertise {id: row.expertise})
MERGE (a)-[r:HAS_EXPERTISE]->(b)
SET r.level = row.level,
    r.evidence = row.evidence,
    r.row_hash = row.hash, r.source = $source, r.imported_at = $imported_at
RETURN count(*) AS n
