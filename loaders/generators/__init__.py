"""Generators of networks: the illustrative demo network and synthetic networks of any size."""

__all__: list[str] = []
