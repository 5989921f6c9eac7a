"""Correct plot_history from the Chinese edition: the curves labelled in Chinese (训练 / 验证), Chinese axis titles."""
import matplotlib.pyplot as plt


def plot_history(history):
    h = history.history
    轮次 = range(1, len(h["accuracy"]) + 1)
    fig, ax = plt.subplots()
    ax.plot(轮次, h["accuracy"], label="训练")  # 训练集上的准确率
    ax.plot(轮次, h["val_accuracy"], label="验证")
    ax.set_xlabel("轮次")
    ax.set_ylabel("准确率")
    ax.legend()
    return fig
