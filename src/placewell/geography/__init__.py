"""Geography: the area hierarchy and deprivation."""
