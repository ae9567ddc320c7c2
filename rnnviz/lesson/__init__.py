"""Lessons as files: the auto-caption, the figures of a lesson in order, and their export (PNG/SVG/HTML/CSV/npz)."""
