package io.tuneline.embedded.process;

import io.tuneline.embedded.EmbeddedServer;
import io.tuneline.embedded.kafka.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * A standalone single-node Kafka broker for the local launcher:
 * {@code KafkaBrokerMain --port P --controller-port C --dir D [--topics a,b,c]}.
 *
 * <p>Keeps its log in {@code --dir} across restarts (formatting it only the first time); see {@link ServerCommand}
 * for readiness, shutdown and exit statuses.
 */
@Command(name = "kafka-broker", exitCodeOnInvalidInput = 1, mixinStandardHelpOptions = true,
        description = "A single-node KRaft Kafka broker on loopback ports.")
public final class KafkaBrokerMain extends ServerCommand {

    @Option(names = "--controller-port", description = "KRaft controller port; a free one when absent.")
    int controllerPort;

    @Option(names = "--topics", split = ",", description = "Topics to create (comma-separated).")
    List<String> topics = List.of();

    public static void main(String[] args) {
        run(new KafkaBrokerMain(), args);
    }

    @Override
    EmbeddedServer<?> startServer() {
        EmbeddedKafka broker = EmbeddedKafka.builder()
                .port(port)
                .controllerPort(controllerPort)
                .logDir(dir)
                .build()
                .start();
        if (!topics.isEmpty()) {
            broker.createTopics(topics.toArray(String[]::new));
        }
        return broker;
    }
}
