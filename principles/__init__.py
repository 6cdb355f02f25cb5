"""The bundled sample document and its meeting history, shipped as ``drafter.sample_data``."""
