"""The ``weighin`` command line: an edge beside ``api/``; it parses, calls the domain, shapes output."""
