"""CONNECTED.ESSEN site generator: turns the editors' YAML data into MkDocs pages."""
