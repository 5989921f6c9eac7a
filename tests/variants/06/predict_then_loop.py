"""A correct 06 written with loops: a max search per row, names appended one by one, evaluate's
list turned into a dict with the model's metric names, np.add.at for the matrix."""
import numpy as np

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]


def predict_classes(model, x):
    probabilities = model.predict(x, verbose=0)
    labels = []
    for row in probabilities:
        labels.append(int(np.argmax(row)))
    return np.array(labels)


def predict_class_names(model, x):
    names = []
    for label in predict_classes(model, x):
        names.append(CLASS_NAMES[label])
    return names


def evaluate_model(model, x, y):
    scores = model.evaluate(x, y, verbose=0, return_dict=True)
    return {"loss": float(scores["loss"]), "accuracy": float(scores["accuracy"]),
            **{k: float(v) for k, v in scores.items() if k not in ("loss", "accuracy")}}


def confusion_matrix(y_true, y_pred, n_classes=10):
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(matrix, (np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)), 1)
    return matrix
