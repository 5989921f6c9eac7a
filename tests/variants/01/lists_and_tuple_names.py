"""A correct 01 written with lists for the two pairs of split_validation and a tuple of class names:
both read exactly as the documented tuples and list, so they pass, each with a note."""
CLASS_NAMES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot")


def class_name(label):
    return CLASS_NAMES[int(label)]


def split_validation(x, y, n_valid=5000):
    x_valid, y_valid = x[:n_valid], y[:n_valid]
    x_train, y_train = x[n_valid:], y[n_valid:]
    return [x_train, y_train], [x_valid, y_valid]
