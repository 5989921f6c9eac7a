"""Correct plot_history: pyplot, the legend given as a list of Chinese names (训练准确率 / 验证准确率)."""
import matplotlib.pyplot as plt


def plot_history(history):
    fig = plt.figure(figsize=(6, 4))
    plt.plot(history.history["accuracy"], "b-")
    plt.plot(history.history["val_accuracy"], "r--")
    plt.title("学习曲线")
    plt.legend(["训练准确率", "验证集准确率"])
    return fig
