package io.tuneline.contracts.events;

/**
 * The body of an event. {@link #key()} is the Kafka record key: every event about one entity (a chat, a dataset,
 * a training run, a model) carries that entity's id, so Kafka keeps them in one partition and in order.
 */
public sealed interface EventPayload
        permits SupportChatReceived, DatasetVersionCreated, PromptsRendered, TrainingProgress, TrainingCompleted,
        TrainingFailed, EvaluationCompleted, ModelPromoted, ModelRejected, DeadLetter, Ping,
        AuditRecorded {

    String key();
}
