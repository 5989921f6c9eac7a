"""Correct plot_history in pyplot style: plt.plot with styles, plt.legend(["train", "val"]), plt.gcf()."""
import matplotlib.pyplot as plt


def plot_history(history):
    plt.figure(figsize=(6, 4))
    acc = history.history["accuracy"]
    val_acc = history.history["val_accuracy"]
    epochs = range(1, len(acc) + 1)
    plt.plot(epochs, acc, "bo")
    plt.plot(epochs, val_acc, "b")
    plt.title("Training and validation accuracy")
    plt.legend(["Train", "Val"])
    return plt.gcf()
