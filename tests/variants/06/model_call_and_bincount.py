"""A correct 06 that calls the model directly (model(x, training=False)), names labels through
np.array(...).tolist(), keeps evaluate's dict as it is and counts with np.bincount. Every check passes."""
import numpy as np

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def predict_classes(model, x):
    probs = model(x, training=False)
    return np.asarray(probs).argmax(axis=-1)


def predict_class_names(model, x):
    return np.array(CLASS_NAMES)[predict_classes(model, x)].tolist()


def evaluate_model(model, x, y):
    return model.evaluate(x, y, verbose=0, return_dict=True)


def confusion_matrix(y_true, y_pred, n_classes=10):
    y_true = np.asarray(y_true).astype(int)
    y_pred = np.asarray(y_pred).astype(int)
    return np.bincount(n_classes * y_true + y_pred, minlength=n_classes ** 2).reshape(n_classes, n_classes)
