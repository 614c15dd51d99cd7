"""ingest stage: files, rows and stdin in, `Article` records out (see `newsevents.ingest.readers`)."""

from newsevents.ingest.readers import SUFFIXES, parse_date, read_inputs

__all__ = ["SUFFIXES", "parse_date", "read_inputs"]
