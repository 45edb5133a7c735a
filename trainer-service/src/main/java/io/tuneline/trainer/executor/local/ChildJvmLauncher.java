package io.tuneline.trainer.executor.local;

import io.tuneline.common.config.S3Config;
import io.tuneline.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The worker as a child JVM: {@code java <jvmOptions> -cp <classpath> <mainClass> <args>}, with the service's own
 * Kafka and S3 settings in its environment (the same variables a Kubernetes Job gets).
 */
@ApplicationScoped
public class ChildJvmLauncher implements WorkerLauncher {

    private final TrainerConfig config;
    private final S3Config s3;
    private final String kafkaBootstrapServers;

    ChildJvmLauncher(TrainerConfig config, S3Config s3,
                     @ConfigProperty(name = "kafka.bootstrap.servers") String kafkaBootstrapServers) {
        this.config = config;
        this.s3 = s3;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
    }

    @Override
    public Process launch(String runId, List<String> workerArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(config.worker().jvmOptions());
        command.add("-cp");
        command.add(classpath());
        command.add(config.worker().mainClass());
        command.addAll(workerArgs);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("TUNELINE_S3_ENDPOINT", s3.endpoint());
        env.put("TUNELINE_S3_ACCESS_KEY", s3.accessKey());
        env.put("TUNELINE_S3_SECRET_KEY", s3.secretKey());
        env.put("TUNELINE_S3_BUCKET_PREFIX", s3.bucketPrefix());
        s3.region().ifPresent(region -> env.put("TUNELINE_S3_REGION", region));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("TUNELINE_RUN_ID", runId);
        return builder.start();
    }

    /** The configured class path, else {@code lib/worker/*} beside the packaged app's {@code quarkus-run.jar}. */
    String classpath() throws IOException {
        if (config.worker().classpath().isPresent() && !config.worker().classpath().get().isBlank()) {
            return config.worker().classpath().get();
        }
        String first = System.getProperty("java.class.path").split(File.pathSeparator)[0];
        Path workerLib = Path.of(first).toAbsolutePath().getParent().resolve("lib").resolve("worker");
        if (!Files.isDirectory(workerLib)) {
            throw new IOException("no worker class path: set tuneline.trainer.worker.classpath "
                    + "(TUNELINE_TRAINER_WORKER_CLASSPATH) or put the trainer-worker jars in " + workerLib);
        }
        return workerLib + File.separator + "*";
    }
}
