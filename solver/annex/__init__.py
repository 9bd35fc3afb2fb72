"""The annex "Proposed organization of work": its grid in each language, and its files."""
