"""GeoParquet (1.0, WKB) through geopandas and pyarrow, one file per layer, with an explicit Arrow schema.

The schema comes from ``geo.export.tables``, not from the values: dates are ``timestamp[ms]``
(midnight, no time zone), reals ``float64``, lists and sources JSON text, so a layer whose lists
are all empty, or a column of nulls, keeps its type. A feature with no geometry keeps a null
geometry. geopandas writes the ``geo`` metadata (WGS84 lon/lat).
"""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from geo.core.model import Dataset
from geo.export.ogr import table_frame
from geo.export.tables import Table, layer_tables

_ARROW = {"text": pa.string(), "json": pa.string(), "datetime": pa.timestamp("ms"), "real": pa.float64()}


def arrow_table(table: Table) -> pa.Table:
    """The layer as an Arrow table with the explicit schema and geopandas' GeoParquet metadata."""
    inferred = io.BytesIO()
    table_frame(table).to_parquet(inferred, index=False)  # geopandas' GeoParquet metadata; types inferred
    geo = pq.read_table(io.BytesIO(inferred.getvalue()))
    fields = [pa.field(name, _ARROW[kind]) for name, kind in table.fields]
    fields.append(pa.field("geometry", pa.binary()))
    schema = pa.schema(fields, metadata=geo.schema.metadata)
    return geo.select(schema.names).cast(schema)


def parquet_bytes(table: Table) -> bytes:
    """One layer's GeoParquet file as bytes (zstd, no pandas index)."""
    buffer = io.BytesIO()
    pq.write_table(arrow_table(table), buffer, compression="zstd")
    return buffer.getvalue()


def write_geoparquet(dataset: Dataset, directory: Path) -> list[Path]:
    """One ``<layer>.parquet`` per layer in ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in layer_tables(dataset).items():
        path = directory / f"{name}.parquet"
        path.write_bytes(parquet_bytes(table))
        written.append(path)
    return written
