"""Reporting: exports (JSON, CSV) now; the HTML/Markdown report and dashboard later."""
