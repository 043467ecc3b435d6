// title: Upsert agreement_parties
// description: Creates or updates the PARTY_TO relationships of the agreement_parties table, from (Organization {id: row.organization}) to (Agreement {id: row.agreement}).
// param rows: List of row maps (see docs/input-format.md), each with its `hash`.
// param source: Where the rows come from (file or dataset), recorded as provenance.
// param imported_at: ISO timestamp of the import, recorded as provenance.
// returns: n
// mode: write
UNWIND $rows AS row
MATCH (a:Organization {id: row.organization})
MATCH (b:Agreement {id: row.agreement})
MERGE (a)-[r:PARTY_TO]->(b)
SET r.row_hash = row.hash, r.source = $source, r.imported_at = $imported_at
RETURN count(*) AS n
