# base: none
"""Plain mistakes: every function forgets to return."""
CLASS_NAMES = None


def table_shape(n_samples, n_features):
    (n_samples, n_features)


def sequence_shape(n_samples, steps, features):
    pass


def image_batch_shape(n_samples, height, width, channels=1):
    pass


def video_batch_shape(n_samples, frames, height, width, channels=3):
    pass


def one_hot_text(text, max_len=280, vocab_size=128):
    pass


def normalize_images(x):
    x / 255.0


def split_validation(x, y, n_valid=5000):
    pass


def train_test_split(x, y, test_size=0.2, seed=0):
    pass


def class_name(label):
    print(CLASS_NAMES)
