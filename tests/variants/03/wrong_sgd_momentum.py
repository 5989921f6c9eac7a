"""03 whose make_optimizer gives SGD a momentum of 0.9 (a habit from tutorials): one mistake, said
at the first check that sees it; the later make_optimizer checks point there."""
import keras

RATES = {"sgd": 0.01, "rmsprop": 0.001, "adagrad": 0.01, "adam": 0.001}


def make_optimizer(name, learning_rate=None):
    key = name.lower()
    rate = RATES[key] if learning_rate is None else learning_rate
    if key == "sgd":
        return keras.optimizers.SGD(learning_rate=rate, momentum=0.9)
    return {"rmsprop": keras.optimizers.RMSprop, "adagrad": keras.optimizers.Adagrad,
            "adam": keras.optimizers.Adam}[key](learning_rate=rate)
