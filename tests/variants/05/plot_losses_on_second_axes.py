"""plot_history with accuracy on the left and loss on the right (plt.subplot(1, 2, ...)): the
accuracy axes are right; the second axes get a note."""
import matplotlib.pyplot as plt


def plot_history(history):
    fig = plt.figure(figsize=(10, 4))
    plt.subplot(1, 2, 1)
    plt.plot(history.history["accuracy"], label="train")
    plt.plot(history.history["val_accuracy"], label="val")
    plt.ylabel("accuracy")
    plt.legend()
    plt.subplot(1, 2, 2)
    plt.plot(history.history["loss"], label="train")
    plt.plot(history.history["val_loss"], label="val")
    plt.ylabel("loss")
    plt.legend()
    return fig
