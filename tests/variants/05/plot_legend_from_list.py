"""Correct plot_history: curves without labels, the legend given as a list (a common tutorial idiom)."""
import matplotlib.pyplot as plt


def plot_history(history):
    fig, ax = plt.subplots()
    ax.plot(history.history["accuracy"])
    ax.plot(history.history["val_accuracy"])
    ax.set_title("model accuracy")
    ax.set_xlabel("epoch")
    ax.set_ylabel("accuracy")
    ax.legend(["training", "validation"], loc="lower right")
    return fig
