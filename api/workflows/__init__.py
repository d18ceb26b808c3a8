"""The workflow definitions, served: what the engine (the top-level `workflows` package) knows
about each kind of cycle, for the web app and for integrations."""
