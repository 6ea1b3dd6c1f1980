"""Benchmarks of the site generator: synthetic data sets and a build benchmark (see BENCHMARKS.md)."""
