"""Veranstaltungsassistent: answers about public-sector digitalisation events, with sources."""
