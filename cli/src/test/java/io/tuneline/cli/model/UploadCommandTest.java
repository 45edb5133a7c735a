package io.tuneline.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tuneline model upload} against a stand-in for trainer-service's registry API that records requests. */
class UploadCommandTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private volatile int registerStatus = 201;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/base-models/", exchange -> {
            String line = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            requests.add(line);
            bodies.put(line, exchange.getRequestBody().readAllBytes());
            byte[] answer = line.startsWith("POST") ? "{\"name\":\"tiny\",\"summary\":{\"dModel\":64}}"
                    .getBytes(StandardCharsets.UTF_8) : "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(line.startsWith("POST") ? registerStatus : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void everyFileIsPutThenTheFolderIsRegistered() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"d_model\":64}");
        Files.write(dir.resolve("model.safetensors"), new byte[]{1, 2, 3, 4});
        Files.createDirectories(dir.resolve("onnx"));
        Files.writeString(dir.resolve("onnx/model.onnx"), "x");
        Files.createDirectories(dir.resolve(".cache"));
        Files.writeString(dir.resolve(".cache/lock"), "ignored");

        Run run = upload("--name", "tiny", "--dir", dir.toString(), "--url", url());

        assertThat(run.exitCode()).isZero();
        assertThat(requests).containsExactly(
                "PUT /api/v1/base-models/tiny/files/config.json",
                "PUT /api/v1/base-models/tiny/files/model.safetensors",
                "PUT /api/v1/base-models/tiny/files/onnx/model.onnx",
                "POST /api/v1/base-models/");
        assertThat(bodies.get("PUT /api/v1/base-models/tiny/files/model.safetensors")).containsExactly(1, 2, 3, 4);
        assertThat(new String(bodies.get("POST /api/v1/base-models/"), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"tiny\"}");
        assertThat(run.output()).contains("[3/3] onnx/model.onnx", "registered tiny (3 files");
    }

    @Test
    void aFolderWithoutConfigIsRefusedBeforeAnyUpload() {
        Run run = upload("--name", "tiny", "--dir", dir.toString(), "--url", url());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(requests).isEmpty();
    }

    @Test
    void aRefusedRegistrationIsAFailure() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{}");
        registerStatus = 400;

        assertThat(upload("--name", "tiny", "--dir", dir.toString(), "--url", url()).exitCode()).isEqualTo(1);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private record Run(int exitCode, String output) {
    }

    private static Run upload(String... args) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new UploadCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(new StringWriter()));
        return new Run(command.execute(args), out.toString());
    }
}
