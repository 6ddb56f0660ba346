"""The command-line interface (``placewell``)."""
