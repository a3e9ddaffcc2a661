"""What a person saves (pydantic models), where it lives, and the store that keeps it."""
