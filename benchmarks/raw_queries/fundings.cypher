// title: Raw fundings
// description: Raw baseline: merges the FUNDS relationships from funders to projects, with their columns.
// param rows: Rows of the fundings table.
// returns: nothing
// mode: write
UNWIND $rows AS row
MATCH (a:Organization {id: row.funder})
MATCH (b:Project {id: row.project})
MERGE (a)-[r:FUNDS]->(b)
SET r.amount = row.amount, r.year = row.year
