"""plot_history whose legend list has one name for two curves."""
import matplotlib.pyplot as plt


def plot_history(history):
    fig, ax = plt.subplots()
    ax.plot(history.history["accuracy"])
    ax.plot(history.history["val_accuracy"])
    ax.legend(["accuracy"])
    return fig
