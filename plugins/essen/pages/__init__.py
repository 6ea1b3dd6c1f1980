"""The generated pages: URL scheme, renderer, filters, JSON-LD, and one module per page family."""
