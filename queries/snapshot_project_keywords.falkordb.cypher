// title: Snapshot: project keywords
// description: The keywords of the projects that have some (project: its node column in the snapshot's projects).
// audience: internal
// returns: project, keywords
// mode: read
MATCH (p:Project)
WHERE p.keywords IS NOT NULL
RETURN id(p) AS project, p.keywords AS keywords
