"""export stage: `Event` records in, JSONL/CSV/CAMEO/GeoJSON out (see `newsevents.export.writers`).

`EXPORT_FORMATS` lists every format `newsevents export` offers (with the store's Parquet);
`newsevents.export.flat` declares the flat columns the CSV and the Parquet file share.
"""

from newsevents.export.writers import (
    CAMEO_COLUMNS,
    CSV_COLUMNS,
    EXPORT_FORMATS,
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
    "EXPORT_FORMATS",
    "FORMATS",
    "check_format",
    "write_cameo",
    "write_csv",
    "write_events",
    "write_geojson",
    "write_jsonl",
]
