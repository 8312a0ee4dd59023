"""Reading CRM exports (CSV, XLSX) into the canonical datasets."""

from .directory import LoadedData, load_directory
from .errors import ReadError
from .reader import ReadResult, combine, read_bytes, read_path

__all__ = ["LoadedData", "ReadError", "ReadResult", "combine", "load_directory", "read_bytes", "read_path"]
