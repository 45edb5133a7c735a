package io.tuneline.contracts.events;

import java.util.List;

/**
 * Who did what through a service's API, and how it ended: one per state-changing call (upload, run start,
 * promotion, ...) and per decision a service took on its own (the gate's automatic promotion names the service as
 * the actor). {@code when} is the envelope's {@code occurredAt}.
 *
 * @param service    the service that accepted (or refused) the call
 * @param actor      the caller's identity: the token's subject/preferred name, {@code local-user} when the APIs run
 *                   open on loopback, or the service itself for automatic decisions
 * @param action     what was asked, e.g. {@code POST /api/v1/models/support-summarizer/promote}
 * @param outcome    the HTTP status of the answer (e.g. 200, 403), 0 for a decision taken without a request
 * @param roles      the roles the call needed (empty for automatic decisions)
 * @param detail     free text that helps an auditor (e.g. the promoted run), never a secret or a request body
 */
public record AuditRecorded(String service, String actor, String action, int outcome, List<String> roles,
                            String detail) implements EventPayload {

    @Override
    public String key() {
        return actor;
    }
}
