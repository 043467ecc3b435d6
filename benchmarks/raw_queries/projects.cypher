// title: Raw projects
// description: Raw baseline: merges Project nodes keyed by id, with their columns; no derived fields, no hash, no provenance.
// param rows: Rows of the projects table, dates as ISO text.
// returns: nothing
// mode: write
UNWIND $rows AS row
MERGE (p:Project {id: row.id})
SET p.title = row.title,
    p.programme = row.programme,
    p.start = row.start,
    p.end = row.end,
    p.budget = row.budget
