"""A correct 06 with model(x).numpy().argmax(1), names picked by numpy indexing, evaluate's dict
with numpy values, and tf.math.confusion_matrix."""
import numpy as np
import tensorflow as tf

CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag',
               'Ankle boot']


def predict_classes(model, x):
    return model(x).numpy().argmax(1)


def predict_class_names(model, x):
    return np.array(CLASS_NAMES)[predict_classes(model, x)].tolist()


def evaluate_model(model, x, y):
    results = model.evaluate(x, y, verbose=0, return_dict=True)
    return {name: np.float32(value) for name, value in results.items()}


def confusion_matrix(y_true, y_pred, n_classes=10):
    return tf.math.confusion_matrix(y_true, y_pred, num_classes=n_classes).numpy()
