package io.tuneline.embedded.process;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.tuneline.embedded.LoopbackPorts;
import io.tuneline.embedded.TempDirectories;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the standalone mains as child JVMs, the way the local launcher does. */
class ServerProcessesTest {

    private Path dir;
    private Process process;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("server-process-");
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        TempDirectories.deleteRecursively(dir);
    }

    @Test
    void kafkaBrokerServesUntilTerminatedAndKeepsItsTopicsAcrossRestarts() throws Exception {
        int[] ports = LoopbackPorts.freePorts(2);
        int port = ports[0];
        int controllerPort = ports[1];
        List<String> args = List.of("--port", String.valueOf(port), "--controller-port", String.valueOf(controllerPort),
                "--dir", dir.toString(), "--topics", "alpha,beta");

        process = launch(KafkaBrokerMain.class, args);
        assertThat(awaitReadyLine(process)).isEqualTo("READY 127.0.0.1:" + port);
        assertThat(topicsAt("127.0.0.1:" + port)).contains("alpha", "beta");
        terminate(process);

        process = launch(KafkaBrokerMain.class, List.of("--port", String.valueOf(port),
                "--controller-port", String.valueOf(controllerPort), "--dir", dir.toString()));
        assertThat(awaitReadyLine(process)).isEqualTo("READY 127.0.0.1:" + port);
        assertThat(topicsAt("127.0.0.1:" + port)).contains("alpha", "beta");
        terminate(process);
    }

    @Test
    void s3ServerServesUntilTerminated() throws Exception {
        int port = LoopbackPorts.freePort();
        process = launch(S3ServerMain.class, List.of("--port", String.valueOf(port), "--dir", dir.toString(),
                "--access-key", "key", "--secret-key", "secret-value", "--buckets", "one,two"));

        assertThat(awaitReadyLine(process)).isEqualTo("READY http://127.0.0.1:" + port);
        MinioClient client = MinioClient.builder().endpoint("http://127.0.0.1:" + port).credentials("key", "secret-value").build();
        assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("two").build())).isTrue();
        terminate(process);
        assertThat(dir.resolve("two")).isDirectory();
    }

    @Test
    void missingRequiredOptionFailsWithStatusOne() throws Exception {
        process = launch(S3ServerMain.class, List.of("--port", "1"));

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
    }

    private static Process launch(Class<?> main, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", testClassPath(), main.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Surefire hides the real class path behind a manifest-only jar and publishes it in this property. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }

    private static String awaitReadyLine(Process process) throws Exception {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(90, TimeUnit.SECONDS);
    }

    private static void terminate(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM: the shutdown hook stops the server
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(143);
    }

    private static java.util.Set<String> topicsAt(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
