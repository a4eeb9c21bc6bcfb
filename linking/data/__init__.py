"""Data files the pipeline reads (brand mapping); edited as data, not code."""
