package io.tuneline.common.security;

import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.contracts.events.AuditRecorded;
import io.tuneline.contracts.events.Event;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Who did what, when: one log line (category {@code io.tuneline.audit}) and one {@link AuditRecorded} on
 * {@code tuneline.audit} per record. Publishing does not hold up the answer; if Kafka is unreachable the log line
 * is still there and the failure is logged.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger AUDIT_LOG = Logger.getLogger("io.tuneline.audit");

    private final EventPublisher publisher;

    AuditTrail(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** A call through the API, with its answer's status. */
    public void recordCall(String actor, String action, int status, List<String> roles) {
        record(new AuditRecorded(publisher.service(), actor, action, status, roles, null));
    }

    /** A decision the service took by itself (e.g. the gate's promotion); the actor is the service. */
    public void recordDecision(String action, String detail) {
        record(new AuditRecorded(publisher.service(), publisher.service(), action, 0, List.of(), detail));
    }

    void record(AuditRecorded record) {
        Event<AuditRecorded> event = Event.of(publisher.service(), record);
        AUDIT_LOG.infof("audit actor=%s action=\"%s\" outcome=%d roles=%s at=%s%s", oneLine(record.actor()),
                oneLine(record.action()), record.outcome(), record.roles(), event.occurredAt(),
                record.detail() == null ? "" : " detail=\"" + oneLine(record.detail()) + "\"");
        publisher.send(event).subscribe().with(sent -> { },
                failure -> AUDIT_LOG.warnf("audit event %s could not be published: %s", event.eventId(),
                        failure.getMessage()));
    }

    /** Names and paths come from callers: no line breaks in the log. */
    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n\\t]", "_");
    }
}
