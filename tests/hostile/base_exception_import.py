# base: reference
"""Escape at import: a BaseException subclass that `except Exception` does not catch."""


class Escape(BaseException):
    pass


raise Escape("caught only by except BaseException")
