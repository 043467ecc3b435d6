// title: Snapshot: expertise vocabulary
// description: Every expertise term with its French name and its broader term. node: FalkorDB's own number of the node (cheaper to read and to send than its id text), Neo4j's the id itself; the other snapshot queries name nodes by it.
// audience: internal
// returns: node, id, name, name_fr, broader
// mode: read
MATCH (e:Expertise)
OPTIONAL MATCH (e)-[:BROADER]->(b:Expertise)
RETURN id(e) AS node, e.id AS id, e.name AS name, e.name_fr AS name_fr, b.id AS broader
ORDER BY id
