# base: none
"""Plain mistakes: the file is saved as Latin-1, not UTF-8 (the café below)."""


def class_name(label):
    return "café"
