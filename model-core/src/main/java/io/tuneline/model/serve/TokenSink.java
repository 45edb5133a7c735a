package io.tuneline.model.serve;

/**
 * Receives one request's output. Called on the engine's thread, so it must return quickly (hand the token to a
 * stream, complete a future); exactly one of {@link #onFinished} and {@link #onFailed} ends the request.
 */
public interface TokenSink {

    /** A new token, as soon as it is chosen (including a final {@code </s>}). */
    void onToken(long token);

    /** Generation ended: every new token (the decoder start token excluded) and why it stopped. */
    void onFinished(long[] tokens, FinishReason reason);

    /** The model failed while decoding this request's batch. */
    void onFailed(RuntimeException error);
}
