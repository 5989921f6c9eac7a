"""plot_history in the style of Chollet's book, with the loss curves drawn on the same axes too:
the two accuracy curves are there, labelled and shown, so it passes, with a note on the extras."""
import matplotlib.pyplot as plt


def plot_history(history):
    acc = history.history["accuracy"]
    epochs = range(1, len(acc) + 1)
    fig = plt.figure()
    plt.plot(epochs, acc, "bo", label="Training acc")
    plt.plot(epochs, history.history["val_accuracy"], "b", label="Validation acc")
    plt.plot(epochs, history.history["loss"], "ro", label="Training loss")
    plt.plot(epochs, history.history["val_loss"], "r", label="Validation loss")
    plt.title("Training and validation accuracy")
    plt.xlabel("Epochs")
    plt.ylabel("Accuracy")
    plt.legend()
    return fig
