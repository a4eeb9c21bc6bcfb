"""Rendering corpus notices into each portal's real HTML and JSON shapes."""
