// title: Raw participations
// description: Raw baseline: merges the PARTICIPATES_IN relationships from organizations to projects, with their columns.
// param rows: Rows of the participations table.
// returns: nothing
// mode: write
UNWIND $rows AS row
MATCH (a:Organization {id: row.organization})
MATCH (b:Project {id: row.project})
MERGE (a)-[r:PARTICIPATES_IN]->(b)
SET r.role = row.role, r.contribution = row.contribution
