package io.tuneline.contracts.events;

import java.util.Arrays;
import java.util.Optional;

/** The wire name of each payload type and the topic it travels on. */
public enum EventType {
    SUPPORT_CHAT_RECEIVED("support-chat.received", SupportChatReceived.class, Topic.SUPPORT_CHATS),
    DATASET_VERSION_CREATED("dataset.version-created", DatasetVersionCreated.class, Topic.DATASET_VERSIONS),
    PROMPTS_RENDERED("prompts.rendered", PromptsRendered.class, Topic.PROMPTS_RENDERED),
    TRAINING_PROGRESS("training.progress", TrainingProgress.class, Topic.TRAINING_PROGRESS),
    TRAINING_COMPLETED("training.completed", TrainingCompleted.class, Topic.TRAINING_RESULTS),
    TRAINING_FAILED("training.failed", TrainingFailed.class, Topic.TRAINING_RESULTS),
    EVALUATION_COMPLETED("evaluation.completed", EvaluationCompleted.class, Topic.EVALUATIONS),
    MODEL_PROMOTED("model.promoted", ModelPromoted.class, Topic.MODEL_DECISIONS),
    MODEL_REJECTED("model.rejected", ModelRejected.class, Topic.MODEL_DECISIONS),
    DEAD_LETTER("dead-letter", DeadLetter.class, Topic.DEAD_LETTER),
    PING("ping", Ping.class, Topic.PING),
    AUDIT_RECORDED("audit.recorded", AuditRecorded.class, Topic.AUDIT);

    private final String wireName;
    private final Class<? extends EventPayload> payloadType;
    private final Topic topic;

    EventType(String wireName, Class<? extends EventPayload> payloadType, Topic topic) {
        this.wireName = wireName;
        this.payloadType = payloadType;
        this.topic = topic;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends EventPayload> payloadType() {
        return payloadType;
    }

    public Topic topic() {
        return topic;
    }

    public static Optional<EventType> ofWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    public static EventType of(EventPayload payload) {
        return Arrays.stream(values()).filter(t -> t.payloadType == payload.getClass()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + payload.getClass()));
    }
}
