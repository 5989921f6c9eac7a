"""Correct plot_history: labelled curves, the legend drawn on the figure rather than the axes."""
import matplotlib.pyplot as plt


def plot_history(history):
    fig = plt.figure()
    ax = fig.add_subplot(1, 1, 1)
    ax.plot(history.history["accuracy"], label="training accuracy")
    ax.plot(history.history["val_accuracy"], label="validation accuracy")
    fig.legend()
    return fig
