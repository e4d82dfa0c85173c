"""Database helpers below every app: Django, but no models and no import of another ssepot package."""
