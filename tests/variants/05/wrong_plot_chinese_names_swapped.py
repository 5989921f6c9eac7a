"""Wrong plot_history: Chinese labels on the wrong curves (验证 on the training curve)."""
import matplotlib.pyplot as plt


def plot_history(history):
    fig, ax = plt.subplots()
    ax.plot(history.history["accuracy"], label="验证")
    ax.plot(history.history["val_accuracy"], label="训练")
    ax.legend()
    return fig
