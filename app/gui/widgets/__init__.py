"""Widgets the pages share: result cards, live probe tables, status icons."""
