package io.tuneline.cli.stack;

/** A failure of the local stack whose message is written for the user: what went wrong and what to do. */
public final class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
