package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;

/** The two feed-forward variants T5 checkpoints use. */
interface T5FeedForward {

    NDArray forward(NDArray hidden, boolean training);
}
