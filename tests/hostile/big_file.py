# base: reference
"""Resources: one file larger than the grader allows (the test lowers the limit to 16 MB)."""


def train_test_split(x, y, test_size=0.2, seed=0):
    with open("huge.bin", "wb") as handle:
        for _ in range(64):
            handle.write(b"\0" * 2**20)
    raise AssertionError("not reached: the file size limit stops the writes first")
