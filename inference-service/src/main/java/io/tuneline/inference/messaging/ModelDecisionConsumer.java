package io.tuneline.inference.messaging;

import io.smallrye.common.annotation.Blocking;
import io.tuneline.common.messaging.EventInbox;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.ModelRejected;
import io.tuneline.inference.service.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code tuneline.model-decisions}: a promotion hot-swaps the served model (a failed load keeps the old
 * one and is reported, not retried or dead-lettered: the event itself was fine); a rejection changes nothing.
 */
@ApplicationScoped
public class ModelDecisionConsumer {

    public static final String CHANNEL = "model-decisions";
    private static final Logger LOG = Logger.getLogger(ModelDecisionConsumer.class);

    private final EventInbox inbox;
    private final ModelRegistry registry;

    ModelDecisionConsumer(EventInbox inbox, ModelRegistry registry) {
        this.inbox = inbox;
        this.registry = registry;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onModelDecision(ConsumerRecord<String, byte[]> record) {
        inbox.accept(record, EventPayload.class, event -> {
            if (event.payload() instanceof ModelPromoted promoted) {
                registry.promote(promoted);
            } else if (event.payload() instanceof ModelRejected rejected) {
                LOG.infof("%s: run %s was rejected (%s); serving model unchanged", rejected.modelName(),
                        rejected.runId(), rejected.reason());
            }
        });
    }
}
