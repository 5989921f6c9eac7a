"""06 with a comma missing in CLASS_NAMES ("Coat" "Sandal" is one string: nine names); the rest is right."""
import numpy as np

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat" "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]


def predict_classes(model, x):
    return np.argmax(model.predict(x, verbose=0), axis=1)


def predict_class_names(model, x):
    return [CLASS_NAMES[label] for label in predict_classes(model, x)]
