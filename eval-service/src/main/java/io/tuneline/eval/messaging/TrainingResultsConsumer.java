package io.tuneline.eval.messaging;

import io.smallrye.common.annotation.Blocking;
import io.tuneline.common.messaging.EventInbox;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.eval.service.EvaluationService;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code tuneline.training-results}: every {@code TrainingCompleted} is evaluated (once per run) and
 * promoted or rejected; {@code TrainingFailed} needs nothing from eval-service. The record is acknowledged after
 * the evaluation, so a crash in the middle evaluates the run again on redelivery.
 */
@ApplicationScoped
public class TrainingResultsConsumer {

    public static final String CHANNEL = "training-results";

    private final EventInbox inbox;
    private final EvaluationService evaluations;

    TrainingResultsConsumer(EventInbox inbox, EvaluationService evaluations) {
        this.inbox = inbox;
        this.evaluations = evaluations;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onTrainingResult(ConsumerRecord<String, byte[]> record) {
        inbox.accept(record, EventPayload.class, event -> {
            if (event.payload() instanceof TrainingCompleted completed) {
                evaluations.onTrainingCompleted(completed);
            }
        });
    }
}
