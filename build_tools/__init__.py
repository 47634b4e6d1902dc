"""Build tools of the annotated news archive: load, clean, validate, anchor, link, render, and the CLI."""

__version__ = "0.1.0"
