"""03 whose compile_classifier builds Adam(lr=0.001) itself: every compile check would raise the same error."""
import tensorflow as tf


def mean_pred(y_true, y_pred):
    return tf.reduce_mean(y_pred)


def compile_classifier(model):
    model.compile(optimizer=tf.keras.optimizers.Adam(lr=0.001), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy", mean_pred])
    return model
