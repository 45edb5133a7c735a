package io.tuneline.testsupport.junit;

import io.tuneline.embedded.kafka.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs an {@link EmbeddedKafka} broker for the test class that registers it:
 *
 * <pre>{@code
 * @RegisterExtension
 * static EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.withTopics("orders", "invoices");
 * ...
 * props.put("bootstrap.servers", kafka.bootstrapServers());
 * }</pre>
 *
 * The broker starts before all tests and is stopped and deleted after all tests (of the outermost class, when
 * {@code @Nested} classes inherit the extension).
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private final List<String> topics = new ArrayList<>();
    private int partitions = 1;
    private EmbeddedKafka broker;
    private String startedByUniqueId;

    private EmbeddedKafkaExtension() {
    }

    public static EmbeddedKafkaExtension create() {
        return new EmbeddedKafkaExtension();
    }

    public static EmbeddedKafkaExtension withTopics(String... topics) {
        return create().topics(topics);
    }

    /** Topics created right after the broker starts. */
    public EmbeddedKafkaExtension topics(String... names) {
        topics.addAll(Arrays.asList(names));
        return this;
    }

    /** Partitions of the created (and auto-created) topics. Default 1. */
    public EmbeddedKafkaExtension partitions(int partitions) {
        this.partitions = partitions;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (broker != null) {
            return;
        }
        broker = EmbeddedKafka.builder().defaultPartitions(partitions).build().start();
        startedByUniqueId = context.getUniqueId();
        if (!topics.isEmpty()) {
            broker.createTopics(topics.toArray(String[]::new));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null && context.getUniqueId().equals(startedByUniqueId)) {
            broker.close();
            broker = null;
        }
    }

    /** The running broker, e.g. to {@link EmbeddedKafka#restart()} it. */
    public EmbeddedKafka broker() {
        if (broker == null) {
            throw new IllegalStateException("The broker runs only while the tests of the registering class run");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }
}
