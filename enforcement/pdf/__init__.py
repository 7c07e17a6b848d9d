"""PDF rendering: plain data → bytes. Never touches the database session (STYLE §4)."""
