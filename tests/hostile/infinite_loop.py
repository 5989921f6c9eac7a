# base: reference
"""Resources: a loop that never ends."""


def one_hot_text(text, max_len=280, vocab_size=128):
    position = 0
    while position < len(text):
        character = text[position]  # forgot: position += 1
