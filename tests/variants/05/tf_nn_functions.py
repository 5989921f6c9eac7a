"""A correct 05 written with tf.nn functions and keras.ops, as in many TensorFlow tutorials."""
import tensorflow as tf
import keras
from keras import ops


def build_cnn():
    return tf.keras.Sequential([
        tf.keras.Input(shape=(28, 28, 1)),
        tf.keras.layers.Conv2D(16, kernel_size=(3, 3), activation=tf.nn.relu),
        tf.keras.layers.MaxPooling2D(pool_size=(2, 2)),
        tf.keras.layers.Conv2D(32, kernel_size=3, activation=ops.relu),
        tf.keras.layers.MaxPooling2D(pool_size=2),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(64, activation=keras.activations.relu),
        tf.keras.layers.Dense(10, activation=tf.nn.softmax),
    ])


def build_cnn_with_dropout(rate=0.5):
    inputs = keras.Input(shape=(28, 28, 1))
    x = keras.layers.Conv2D(16, 3, activation="relu")(inputs)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Conv2D(32, 3, activation=tf.nn.relu)(x)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dropout(rate)(x)
    x = keras.layers.Dense(64, activation=tf.nn.relu)(x)
    outputs = keras.layers.Dense(10, activation=keras.activations.softmax)(x)
    return keras.Model(inputs, outputs)
