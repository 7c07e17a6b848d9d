"""The JSON API under ``/api/v1``: token authentication, the same rules as the UI."""
