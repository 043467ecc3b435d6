// title: Snapshot: agreements
// description: Every agreement with its kind, the year it was signed and its parties, one row per agreement.
// audience: internal
// returns: id, kind, start_year, parties
// mode: read
MATCH (a:Agreement)
RETURN a.id AS id, a.kind AS kind, a.start_year AS start_year, [(o:Organization)-[:PARTY_TO]->(a) | o.id] AS parties
ORDER BY id
