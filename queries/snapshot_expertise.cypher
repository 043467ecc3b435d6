// title: Snapshot: expertise vocabulary
// description: Every expertise term with its French name and its broader term.
// audience: internal
// returns: id, name, name_fr, broader
// mode: read
MATCH (e:Expertise)
OPTIONAL MATCH (e)-[:BROADER]->(b:Expertise)
RETURN e.id AS id, e.name AS name, e.name_fr AS name_fr, b.id AS broader
ORDER BY id
