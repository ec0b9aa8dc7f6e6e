"""The researcher command line: scoring, reliability and codebooks for data files."""
