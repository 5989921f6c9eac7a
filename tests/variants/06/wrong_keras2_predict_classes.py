"""06 with Keras 2's model.predict_classes, which predict_class_names reuses: one mistake, said once."""
CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]


def predict_classes(model, x):
    return model.predict_classes(x)


def predict_class_names(model, x):
    return [CLASS_NAMES[i] for i in predict_classes(model, x)]
