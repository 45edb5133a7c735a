package io.tuneline.template.service;

import java.util.Map;

/**
 * A render that cannot be done as asked, with a machine-readable {@code reason} and its details; nothing was
 * written. The REST layer answers with a 4xx, the event consumer dead-letters the event with the reason.
 */
public abstract class RenderRejectedException extends RuntimeException {

    private final String reason;
    private final Map<String, Object> details;

    protected RenderRejectedException(String reason, String message, Map<String, Object> details) {
        super(message);
        this.reason = reason;
        this.details = Map.copyOf(details);
    }

    public String reason() {
        return reason;
    }

    public Map<String, Object> details() {
        return details;
    }
}
