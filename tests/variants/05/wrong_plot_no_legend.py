"""plot_history with labelled curves and no legend drawn."""
import matplotlib.pyplot as plt


def plot_history(history):
    fig, ax = plt.subplots()
    ax.plot(history.history["accuracy"], label="training")
    ax.plot(history.history["val_accuracy"], label="validation")
    return fig
