"""plot_history whose legend list names the curves in the wrong order."""
import matplotlib.pyplot as plt


def plot_history(history):
    fig, ax = plt.subplots()
    ax.plot(history.history["accuracy"])
    ax.plot(history.history["val_accuracy"])
    ax.legend(["validation", "training"])
    return fig
