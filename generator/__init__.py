"""Persona Handbook: validate customer personas, merge in statistics, build a handbook site."""

__version__ = "0.1.0"
