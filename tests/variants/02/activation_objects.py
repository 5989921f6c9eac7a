"""A correct 02 written with activation functions and layers instead of strings."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def build_sequential_add():
    model = keras.Sequential()
    model.add(keras.Input(shape=(28, 28)))
    model.add(layers.Flatten())
    model.add(layers.Dense(100))
    model.add(layers.ReLU())
    model.add(layers.Dense(10))
    model.add(layers.Softmax())
    return model


def build_sequential_list():
    return keras.Sequential([keras.Input(shape=(28, 28)), layers.Flatten(),
                             layers.Dense(100, activation=tf.nn.relu),
                             layers.Dense(10, activation=tf.nn.softmax)])


def build_functional():
    inputs = keras.Input(shape=(28, 28))
    x = layers.Flatten()(inputs)
    x = layers.Dense(100)(x)
    x = layers.Activation(tf.nn.relu)(x)
    x = layers.Dense(10)(x)
    outputs = layers.Activation("softmax")(x)
    return keras.Model(inputs=inputs, outputs=outputs)
