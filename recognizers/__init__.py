"""Insurance and health recognizers for Presidio, and the entity catalogue."""
