# base: reference
"""Signal handlers replaced: ignore every signal that can be ignored, then never return."""
import signal

for _number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM, signal.SIGUSR1,
                signal.SIGUSR2, signal.SIGXFSZ, signal.SIGXCPU, signal.SIGQUIT, signal.SIGPIPE):
    signal.signal(_number, signal.SIG_IGN)


def table_shape(n_samples, n_features):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        pass
