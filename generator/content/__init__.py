"""Content: find the handbook's files, parse them safely, check them against the schemas
and across files (references, ids, privacy), and turn them into the typed handbook."""
