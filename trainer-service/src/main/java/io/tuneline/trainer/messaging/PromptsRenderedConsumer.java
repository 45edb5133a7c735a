package io.tuneline.trainer.messaging;

import io.smallrye.common.annotation.Blocking;
import io.tuneline.common.messaging.EventInbox;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.trainer.service.RetrainingService;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes {@code tuneline.prompts-rendered}: each render may start a run under its dataset's retraining policy. */
@ApplicationScoped
public class PromptsRenderedConsumer {

    public static final String CHANNEL = "prompts-rendered";

    private final EventInbox inbox;
    private final RetrainingService retraining;

    PromptsRenderedConsumer(EventInbox inbox, RetrainingService retraining) {
        this.inbox = inbox;
        this.retraining = retraining;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onPromptsRendered(ConsumerRecord<String, byte[]> record) {
        inbox.accept(record, PromptsRendered.class, event -> retraining.onPromptsRendered(event.payload()));
    }
}
