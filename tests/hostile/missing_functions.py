# base: reference
"""Plain mistakes: functions renamed or deleted."""
tableShape = table_shape  # noqa: F821 - renamed (camelCase)
del table_shape  # noqa: F821
del one_hot_text  # noqa: F821
