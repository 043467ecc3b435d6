"""Real Neo4j 5.26 Community server for tests: see launcher.py and README.md."""
