# base: reference
"""Resources: sleeping far past the time budget."""
import time


def video_batch_shape(n_samples, frames, height, width, channels=3):
    time.sleep(3600)
    return (n_samples, frames, height, width, channels)
