package io.tuneline.common.messaging;

/**
 * Thrown by an event handler for an event that is well-formed but that it cannot accept (an unknown dataset, an
 * impossible value). The {@link EventInbox} parks it on the dead-letter topic with this code and message.
 */
public class RejectedEventException extends RuntimeException {

    private final String errorCode;

    public RejectedEventException(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
