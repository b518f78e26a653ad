"""HTTP route handlers, grouped by what they serve; each handler parses, calls one service, shapes output."""
