// title: Link expertise to broader terms
// description: Replaces the BROADER relationship of each given expertise with one to its broader term (run after upsert_expertise, so that every term exists).
// param rows: List of row maps (see docs/input-format.md), each with its `hash`.
// param source: Where the rows come from (file or dataset), recorded as provenance.
// param imported_at: ISO timestamp of the import, recorded as provenance.
// returns: n
// mode: write
UNWIND $rows AS row
MATCH (e:Expertise {id: row.id})
OPTIONAL MATCH (e)-[old:BROADER]->(:Expertise)
DELETE old
WITH DISTINCT e, row
OPTIONAL MATCH (b:Expertise {id: row.broader})
FOREACH (_ IN CASE WHEN b IS NULL THEN [] ELSE [1] END |
    CREATE (e)-[:BROADER {source: $source, imported_at: $imported_at}]->(b)
)
RETURN count(*) AS n
