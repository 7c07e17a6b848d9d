"""Authentication: login and logout for the web UI, and loading the current user."""
