"""Relational trust: anonymous self-assessments, targets, joint-work reflections, commitments."""
