"""export stage: `Event` records in, JSONL/CSV/CAMEO/GeoJSON out (see `newsevents.export.writers`)."""

from newsevents.export.writers import (
    CAMEO_COLUMNS,
    CSV_COLUMNS,
    FORMATS,
    check_format,
    write_cameo,
    write_csv,
    write_events,
    write_geojson,
    write_jsonl,
)

__all__ = [
    "CAMEO_COLUMNS",
    "CSV_COLUMNS",
    "FORMATS",
    "check_format",
    "write_cameo",
    "write_csv",
    "write_events",
    "write_geojson",
    "write_jsonl",
]
