"""Keras course autograder."""
