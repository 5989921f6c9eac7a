"""plot_history that returns plt.gca(), the Axes, where the docstring asks for the Figure."""
import matplotlib.pyplot as plt


def plot_history(history):
    acc = history.history["accuracy"]
    epochs = range(1, len(acc) + 1)
    plt.figure()
    plt.plot(epochs, acc, "bo", label="Training acc")
    plt.plot(epochs, history.history["val_accuracy"], "b", label="Validation acc")
    plt.xlabel("Epochs")
    plt.ylabel("Accuracy")
    plt.legend()
    return plt.gca()
