"""Reading CRM exports (CSV, XLSX) into the canonical datasets."""

from .directory import LoadedData, load_directory
from .errors import ReadError
from .reader import ReadResult, read_bytes, read_path

__all__ = ["LoadedData", "ReadError", "ReadResult", "load_directory", "read_bytes", "read_path"]
