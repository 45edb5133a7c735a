package io.tuneline.model.serve;

/** Why a request stopped generating. */
public enum FinishReason {
    /** The model produced {@code </s>}. */
    EOS,
    /** {@code max_new_tokens} were generated. */
    LENGTH,
    /** The caller cancelled (e.g. the client disconnected). */
    CANCELLED,
    /** The request's deadline passed, waiting or decoding. */
    TIMEOUT,
    /** The engine shut down before the request could start. */
    SHUTDOWN
}
