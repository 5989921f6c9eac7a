"""A correct 06 in TensorFlow style: tf.argmax, keras.ops, a loop for the confusion matrix."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def predict_classes(model, x):
    probs = model.predict(x, verbose=0)
    return tf.argmax(probs, axis=1).numpy()


def predict_class_names(model, x):
    labels = predict_classes(model, x)
    return [CLASS_NAMES[i] for i in labels.tolist()]


def evaluate_model(model, x, y):
    return model.evaluate(x, y, return_dict=True, verbose=0)


def confusion_matrix(y_true, y_pred, n_classes=10):
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    for true, pred in zip(y_true, y_pred):
        matrix[int(true)][int(pred)] += 1
    return matrix
