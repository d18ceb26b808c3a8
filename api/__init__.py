"""The EAA inquiry-cycle engine's web API."""
