package io.tuneline.trainer.messaging;

import io.smallrye.common.annotation.Blocking;
import io.tuneline.common.messaging.EventInbox;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.trainer.service.RunService;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Progress and results that training Jobs' workers publish themselves; the service keeps them in the run record
 * (events of runs the service published itself are ignored there).
 */
@ApplicationScoped
public class TrainingEventsConsumer {

    public static final String PROGRESS_CHANNEL = "training-progress";
    public static final String RESULTS_CHANNEL = "training-results";

    private final EventInbox inbox;
    private final RunService runs;

    TrainingEventsConsumer(EventInbox inbox, RunService runs) {
        this.inbox = inbox;
        this.runs = runs;
    }

    @Incoming(PROGRESS_CHANNEL)
    @Blocking
    public void onProgress(ConsumerRecord<String, byte[]> record) {
        inbox.accept(record, EventPayload.class, event -> runs.onWorkerEvent(event.payload()));
    }

    @Incoming(RESULTS_CHANNEL)
    @Blocking
    public void onResult(ConsumerRecord<String, byte[]> record) {
        inbox.accept(record, EventPayload.class, event -> runs.onWorkerEvent(event.payload()));
    }
}
