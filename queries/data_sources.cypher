// title: Data sources
// description: Where the organizations of the graph came from (their distinct source labels, the first few): what a printed page names as its source.
// audience: internal
// param limit (integer): Most sources returned.
// returns: source, organizations
// example: {"limit": 5}
MATCH (o:Organization)
WHERE o.source IS NOT NULL
RETURN o.source AS source, count(o) AS organizations
ORDER BY organizations DESC, source
LIMIT $limit
