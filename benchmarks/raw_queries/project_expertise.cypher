// title: Raw project_expertise
// description: Raw baseline: merges the ADDRESSES relationships from projects to expertise.
// param rows: Rows of the project_expertise table.
// returns: nothing
// mode: write
UNWIND $rows AS row
MATCH (a:Project {id: row.project})
MATCH (b:Expertise {id: row.expertise})
MERGE (a)-[:ADDRESSES]->(b)
