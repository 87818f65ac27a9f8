"""Benchmarks behind `clairvoyant bench`; each prints one JSON object."""
