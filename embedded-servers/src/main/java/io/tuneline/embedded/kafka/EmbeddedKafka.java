package io.tuneline.embedded.kafka;

import io.tuneline.embedded.EmbeddedServer;
import io.tuneline.embedded.LogLevels;
import io.tuneline.embedded.LoopbackPorts;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM on loopback ports.
 *
 * <p>Ports and log directory are fixed at construction, so {@link #restart()} brings the same broker back with
 * every acknowledged record: tests use it to prove that services survive a broker outage.
 */
public final class EmbeddedKafka extends EmbeddedServer<EmbeddedKafka> {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final int controllerPort;
    private final int defaultPartitions;
    private final Map<String, String> extraProperties;

    private KafkaRaftServer server;

    private EmbeddedKafka(Builder builder) {
        super("Embedded Kafka", builder.logDir, "tuneline-kafka-");
        int[] freePorts = LoopbackPorts.freePorts(2);
        this.port = builder.port > 0 ? builder.port : freePorts[0];
        this.controllerPort = builder.controllerPort > 0 ? builder.controllerPort : freePorts[1];
        if (port == controllerPort) {
            throw new IllegalArgumentException("Client and controller ports must differ: " + port);
        }
        this.defaultPartitions = builder.defaultPartitions;
        this.extraProperties = Map.copyOf(builder.extraProperties);
    }

    /** A broker on free ports with its log in a temporary directory that {@link #close()} removes. */
    public EmbeddedKafka() {
        this(builder());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Formats the log directory on first use, starts the broker and waits until it serves requests. */
    @Override
    protected void startServing(Path logDir) throws Exception {
        LogLevels.warnOnly("kafka", "org.apache.kafka", "state.change.logger");
        if (!isFormatted(logDir)) {
            format(logDir);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(brokerProperties(logDir), false), Time.SYSTEM);
        server.startup();
        try (Admin admin = admin()) {
            awaitReady("Broker", STARTUP_TIMEOUT, Duration.ofMillis(100),
                    () -> !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty());
        }
    }

    @Override
    protected void stopServing() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
    }

    /** The value for {@code bootstrap.servers}, e.g. {@code 127.0.0.1:39123}. */
    public String bootstrapServers() {
        return LoopbackPorts.LOOPBACK_HOST + ":" + port;
    }

    @Override
    public String address() {
        return bootstrapServers();
    }

    @Override
    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** Creates the topics with the default partition count; topics that already exist are left as they are. */
    public EmbeddedKafka createTopics(String... names) {
        return createTopics(defaultPartitions, names);
    }

    /** Creates the topics with {@code partitions} partitions; topics that already exist are left as they are. */
    public EmbeddedKafka createTopics(int partitions, String... names) {
        List<NewTopic> topics = Arrays.stream(names)
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .toList();
        try (Admin admin = admin()) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
            awaitTopicsServed(admin, Arrays.asList(names));
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot create topics " + Arrays.toString(names), e);
        }
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
    }

    private static boolean isFormatted(Path logDir) {
        return Files.exists(logDir.resolve("meta.properties"));
    }

    private static void format(Path logDir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(NODE_ID)
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .run();
    }

    private Properties brokerProperties(Path logDir) {
        String host = LoopbackPorts.LOOPBACK_HOST;
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        config.put("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", logDir.toString());
        config.put("metadata.log.dir", logDir.toString());
        config.put("num.partitions", String.valueOf(defaultPartitions));
        config.put("auto.create.topics.enable", "true");
        // One broker: every internal topic has a single replica.
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "5");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        // Consumers join immediately instead of waiting for more members.
        config.put("group.initial.rebalance.delay.ms", "0");
        config.putAll(extraProperties);
        Properties properties = new Properties();
        properties.putAll(config);
        return properties;
    }

    /**
     * The controller acknowledges a creation before the broker has applied the new metadata (which takes longer
     * right after a restart): wait until the broker serves the topics too.
     */
    private static void awaitTopicsServed(Admin admin, List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                boolean notYetServed = e.getCause() instanceof UnknownTopicOrPartitionException;
                if (!notYetServed || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Topics " + names + " are not served", e);
                }
            }
            Thread.sleep(50);
        }
    }

    /** Settings of an {@link EmbeddedKafka}; everything is optional. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path logDir;
        private int defaultPartitions = 1;
        private final Map<String, String> extraProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** The client port; free port if not set. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The KRaft controller port; free port if not set. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** A log directory that outlives the broker; a temporary one (removed on close) if not set. */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** Partitions of topics created without an explicit count, including auto-created ones. Default 1. */
        public Builder defaultPartitions(int defaultPartitions) {
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("defaultPartitions must be positive: " + defaultPartitions);
            }
            this.defaultPartitions = defaultPartitions;
            return this;
        }

        /** Any further broker setting, e.g. {@code message.max.bytes}. */
        public Builder brokerProperty(String key, String value) {
            extraProperties.put(key, value);
            return this;
        }

        public EmbeddedKafka build() {
            return new EmbeddedKafka(this);
        }
    }
}
