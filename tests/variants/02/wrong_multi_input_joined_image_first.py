"""02 whose build_multi_input joins the branches image first: the same layers and parameters as
the documented network, but another network (the output layer's weights meet other numbers)."""
import keras
from keras import layers


def build_multi_input():
    features = keras.Input(shape=(8,), name="features")
    image = keras.Input(shape=(28, 28), name="image")
    from_features = layers.Dense(16, activation="relu")(features)
    from_image = layers.Dense(64, activation="relu")(layers.Flatten()(image))
    joined = layers.concatenate([from_image, from_features])
    item = layers.Dense(10, activation="softmax")(joined)
    return keras.Model(inputs=[features, image], outputs=item)
