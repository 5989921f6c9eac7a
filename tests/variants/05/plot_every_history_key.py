"""plot_history drawing every key of the History, as pd.DataFrame(history.history).plot() does
(written with a loop, pandas being absent): passes, with a note on the two loss curves."""
import matplotlib.pyplot as plt


def plot_history(history):
    fig, ax = plt.subplots(figsize=(8, 5))
    for key, values in history.history.items():
        ax.plot(range(len(values)), values, label=key)
    ax.grid(True)
    ax.set_xlabel("epoch")
    ax.legend()
    return fig
