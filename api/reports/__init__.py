"""Printable reports: a cycle (or a puzzle with its cycles) as a PDF for someone who never
signs in, and the coach dashboard as CSV."""
