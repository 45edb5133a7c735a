package io.tuneline.cli.model;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tuneline model upload}: puts a Hugging Face folder into trainer-service's base-model registry. Each file
 * is streamed from disk in its own PUT (a multi-GB {@code model.safetensors} never sits in memory, and a failed
 * upload names the file), then the folder is registered under the name and its config summary printed.
 */
@Command(name = "upload", mixinStandardHelpOptions = true,
        description = "Upload a Hugging Face model folder to trainer-service and register it as a base model.")
final class UploadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, description = "Name runs use for it, e.g. flan-t5-base.")
    String name;

    @Option(names = "--dir", required = true, description = "The folder (config.json, model.safetensors, "
            + "tokenizer.json, ...).")
    Path dir;

    @Option(names = "--url", defaultValue = "http://localhost:8083", description = "trainer-service (default: "
            + "${DEFAULT-VALUE}).")
    URI url;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new ParameterException(spec.commandLine(), "--name: letters, digits, '.', '_' or '-', not '"
                    + name + "'");
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new ParameterException(spec.commandLine(), "--dir: no config.json in " + dir
                    + " (not a Hugging Face model folder)");
        }
        List<Path> files = files(dir);
        PrintWriter out = spec.commandLine().getOut();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String base = url.toString().replaceAll("/+$", "") + "/api/v1/base-models/";
        long total = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String relative = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            long size = Files.size(file);
            long started = System.nanoTime();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + encode(name) + "/files/"
                            + Stream.of(relative.split("/")).map(UploadCommand::encode).collect(Collectors.joining("/"))))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                spec.commandLine().getErr().printf("upload of %s failed: HTTP %d %s%n", relative, answer.statusCode(),
                        answer.body());
                return 1;
            }
            double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            out.printf(Locale.ROOT, "[%d/%d] %s  %s  %.1f MB/s%n", i + 1, files.size(), relative, human(size),
                    size / 1e6 / seconds);
            out.flush();
            total += size;
        }
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(base))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (registered.statusCode() / 100 != 2) {
            spec.commandLine().getErr().printf("registering %s failed: HTTP %d %s%n", name, registered.statusCode(),
                    registered.body());
            return 1;
        }
        out.printf("registered %s (%d files, %s): %s%n", name, files.size(), human(total), registered.body());
        return 0;
    }

    /** Regular files under the folder, hidden ones (.git, .cache) left out; links followed (HF cache snapshots). */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> Stream.of(dir.relativize(file).toString()
                            .split(Pattern.quote(file.getFileSystem().getSeparator())))
                            .noneMatch(segment -> segment.startsWith(".")))
                    .sorted().toList();
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String human(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0) : bytes + " B";
    }
}
