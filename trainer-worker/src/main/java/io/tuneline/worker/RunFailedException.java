package io.tuneline.worker;

/** Ends a run for good with a machine-readable code and a reason for people (see {@code RunFailure}). */
public final class RunFailedException extends RuntimeException {

    private final String errorCode;

    public RunFailedException(String errorCode, String reason) {
        super(reason);
        this.errorCode = errorCode;
    }

    public RunFailedException(String errorCode, String reason, Throwable cause) {
        super(reason, cause);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
