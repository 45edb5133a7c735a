package io.tuneline.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** The model-core reference checkpoints (shared through the repository) and a way to run commands on them. */
final class Fixtures {

    static final Path T5 = Path.of("../model-core/src/test/resources/t5");

    private Fixtures() {
    }

    /** The prompt of the fixtures' first evaluation pair, formatted with their template. */
    static String firstPrompt(String folder) throws IOException {
        JsonNode golden = new ObjectMapper().readTree(T5.resolve(folder).resolve("golden.json").toFile());
        return golden.get("prompt_template").asText()
                .replace("{dialogue}", golden.get("eval_pairs").get(0).get(0).asText());
    }

    /** Exit code and standard output of {@code tuneline model <args>}. */
    record Run(int exitCode, String output) {
    }

    static Run model(String... args) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ModelCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(new StringWriter()));
        int exitCode = command.execute(args);
        return new Run(exitCode, out.toString());
    }
}
