"""Content plumbing: reading the staff-edited files (YAML that keeps comments, bilingual texts) and keeping them live."""
