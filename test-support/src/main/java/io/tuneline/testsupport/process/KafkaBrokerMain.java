package io.tuneline.testsupport.process;

import io.tuneline.testsupport.kafka.EmbeddedKafka;

import java.util.Set;

/**
 * A standalone single-node Kafka broker for the local launcher:
 * {@code KafkaBrokerMain --port P --controller-port C --dir D [--topics a,b,c]}.
 *
 * <p>Prints {@code READY <bootstrap servers>} once it serves; keeps its log in {@code --dir} across restarts
 * (formatting it only the first time); stops cleanly on SIGTERM. Missing ports mean free ports.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka broker;
        try {
            CommandLineOptions options = CommandLineOptions.parse(args, Set.of("port", "controller-port", "dir", "topics"));
            broker = EmbeddedKafka.builder()
                    .port(options.port("port"))
                    .controllerPort(options.port("controller-port"))
                    .logDir(options.requiredPath("dir"))
                    .build()
                    .start();
            String[] topics = options.list("topics");
            if (topics.length > 0) {
                broker.createTopics(topics);
            }
        } catch (RuntimeException e) {
            ServerProcess.failToStart("Kafka broker", e);
            return;
        }
        ServerProcess.serveUntilTerminated("kafka-broker", broker.bootstrapServers(), broker::stop);
    }
}
