"""The JSON API (``/api/v1``): see :mod:`placewell.web.api.v1`."""
