package io.tuneline.testsupport.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tuneline.embedded.kafka.EmbeddedKafka;

import java.util.Map;

/**
 * Starts a real {@link EmbeddedKafka} broker for a Quarkus test and points {@code kafka.bootstrap.servers} at it:
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(value = KafkaTestResource.class,
 *         initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "orders,invoices"))
 * class OrdersTest {
 *     @InjectEmbeddedKafka EmbeddedKafka kafka;   // or KafkaTestResource.broker()
 * }
 * }</pre>
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: comma-separated topics to create after start. */
    public static final String TOPICS = "topics";
    /** Init arg: partitions of the created and auto-created topics (default 1). */
    public static final String PARTITIONS = "partitions";

    private static volatile EmbeddedKafka current;

    private String[] topics = new String[0];
    private int partitions = 1;
    private EmbeddedKafka broker;

    /** The broker of the running Quarkus test, e.g. to {@link EmbeddedKafka#restart()} it. */
    public static EmbeddedKafka broker() {
        EmbeddedKafka running = current;
        if (running == null) {
            throw new IllegalStateException("No KafkaTestResource is running");
        }
        return running;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        topics = InitArgs.list(initArgs, TOPICS);
        partitions = InitArgs.number(initArgs, PARTITIONS, 1);
    }

    @Override
    public Map<String, String> start() {
        broker = EmbeddedKafka.builder().defaultPartitions(partitions).build().start();
        if (topics.length > 0) {
            broker.createTopics(topics);
        }
        current = broker;
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(broker,
                new TestInjector.AnnotatedAndMatchesType(InjectEmbeddedKafka.class, EmbeddedKafka.class));
    }

    @Override
    public void stop() {
        if (broker != null) {
            if (current == broker) {
                current = null;
            }
            broker.close();
            broker = null;
        }
    }
}
