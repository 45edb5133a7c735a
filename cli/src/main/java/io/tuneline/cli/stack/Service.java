package io.tuneline.cli.stack;

import java.nio.file.Path;

/** The five Tuneline services: their Maven module and the HTTP port they use by default. */
public enum Service {
    DATASET("dataset-service", 8081),
    TEMPLATE("template-service", 8082),
    TRAINER("trainer-service", 8083),
    EVAL("eval-service", 8084),
    INFERENCE("inference-service", 8085);

    private final String moduleName;
    private final int defaultPort;

    Service(String moduleName, int defaultPort) {
        this.moduleName = moduleName;
        this.defaultPort = defaultPort;
    }

    public String moduleName() {
        return moduleName;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The runnable jar that Quarkus packages for the module ({@code fast-jar} layout). */
    public Path runnableJar(Path repoRoot) {
        return repoRoot.resolve(moduleName).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
