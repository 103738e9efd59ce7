"""Extractors: a parsed document in, typed items with character spans out."""
