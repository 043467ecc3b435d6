"""Bringing networks in: the input format (schema), its readers, validation, loading, and generators.

The one way in for every input is :func:`loaders.inputs.read_input`.
"""

__all__: list[str] = []
