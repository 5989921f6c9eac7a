"""A student's attempt at assignment 06, with mistakes people often make."""

import numpy as np

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def predict_classes(model, x):
    probabilities = model.predict(x, verbose=0)
    return np.argmax(probabilities, axis=0)  # the wrong axis: one value per class


def predict_class_names(model, x):
    labels = np.argmax(model.predict(x, verbose=0), axis=-1)
    return [CLASS_NAMES[label - 1] for label in labels]  # labels do start at 0


def evaluate_model(model, x, y):
    loss, accuracy = model.evaluate(x, y, verbose=0)  # a list; breaks with more metrics
    return {"loss": loss, "acc": accuracy}  # the Keras 2 short name


def confusion_matrix(y_true, y_pred, n_classes=10):
    matrix = np.zeros((n_classes, n_classes))  # floats
    for true, predicted in zip(y_true, y_pred):
        matrix[predicted, true] += 1  # rows and columns swapped
    return matrix
