// title: Snapshot: projects
// description: Every project with its title, programme and years (participants, funders, expertise and keywords come from their own snapshot queries: flat rows of text and numbers read faster than lists); in no order (the snapshot sorts them). node: FalkorDB's own number of the node (cheaper to read and to send than its id text), Neo4j's the id itself; the other snapshot queries name nodes by it.
// audience: internal
// returns: node, id, title, programme, start_year, end_year
// mode: read
MATCH (p:Project)
RETURN id(p) AS node, p.id AS id, p.title AS title, p.programme AS programme, p.start_year AS start_year, p.end_year AS end_year
