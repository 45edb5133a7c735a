package io.tuneline.contracts.events;

/**
 * Every Kafka topic of the pipeline, with what its record key is. The key decides the partition, so all events
 * about one entity stay in order. Names are overridable per deployment only through the services' channel config.
 */
public enum Topic {
    SUPPORT_CHATS("tuneline.support-chats", "chatId"),
    DATASET_VERSIONS("tuneline.dataset-versions", "datasetId"),
    PROMPTS_RENDERED("tuneline.prompts-rendered", "datasetId"),
    TRAINING_PROGRESS("tuneline.training-progress", "runId"),
    TRAINING_RESULTS("tuneline.training-results", "runId"),
    EVALUATIONS("tuneline.evaluations", "runId"),
    MODEL_DECISIONS("tuneline.model-decisions", "modelName"),
    DEAD_LETTER("tuneline.dead-letter", "key of the rejected record (or its topic)"),
    PING("tuneline.ping", "service"),
    AUDIT("tuneline.audit", "actor");

    private final String topicName;
    private final String keyedBy;

    Topic(String topicName, String keyedBy) {
        this.topicName = topicName;
        this.keyedBy = keyedBy;
    }

    public String topicName() {
        return topicName;
    }

    public String keyedBy() {
        return keyedBy;
    }

    public static String[] allNames() {
        return java.util.Arrays.stream(values()).map(Topic::topicName).toArray(String[]::new);
    }
}
