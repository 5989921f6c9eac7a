"""01 whose normalize_images divides by 255 without converting (float64), the same mistake in the
public and the hidden check: explained once."""


def normalize_images(x):
    return x / 255.0
