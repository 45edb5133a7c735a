package io.tuneline.cli.stack;

import java.nio.file.Path;

/** The five Tuneline services, each a Maven module of the same name. */
public enum Service {
    DATASET("dataset-service"),
    TEMPLATE("template-service"),
    TRAINER("trainer-service"),
    EVAL("eval-service"),
    INFERENCE("inference-service");

    private final String moduleName;

    Service(String moduleName) {
        this.moduleName = moduleName;
    }

    public String moduleName() {
        return moduleName;
    }

    /** The runnable jar that Quarkus packages for the module ({@code fast-jar} layout). */
    public Path runnableJar(Path repoRoot) {
        return repoRoot.resolve(moduleName).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
