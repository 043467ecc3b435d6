// title: Snapshot: agreements
// description: Every agreement with the year it was signed and its parties, one row per agreement.
// returns: id, start_year, parties
// mode: read
MATCH (a:Agreement)
RETURN a.id AS id, a.start_year AS start_year, [(o:Organization)-[:PARTY_TO]->(a) | o.id] AS parties
ORDER BY id
