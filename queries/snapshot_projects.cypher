// title: Snapshot: projects
// description: Every project with its title, programme, years and keywords (participants, funders and expertise come from their own snapshot queries: flat rows read faster than lists); in no order (the snapshot sorts them).
// audience: internal
// returns: id, title, programme, start_year, end_year, keywords
// mode: read
MATCH (p:Project)
RETURN p.id AS id, p.title AS title, p.programme AS programme, p.start_year AS start_year, p.end_year AS end_year, p.keywords AS keywords
