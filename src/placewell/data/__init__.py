"""Data: the contract, validation, loading and the demo population."""
