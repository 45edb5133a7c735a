package io.tuneline.contracts.events;

/** A record that cannot be read as an event; {@link #errorCode()} goes into the dead-letter record. */
public class MalformedEventException extends RuntimeException {

    private final String errorCode;

    public MalformedEventException(String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public MalformedEventException(String errorCode, String message) {
        this(errorCode, message, null);
    }

    public String errorCode() {
        return errorCode;
    }
}
