package io.tuneline.cli.bench;

import picocli.CommandLine.Command;

/** {@code tuneline bench}: load benchmarks against running services. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load benchmarks against running services: serve, random-checkpoint, engine.",
        subcommands = {ServeBenchCommand.class, RandomCheckpointCommand.class, EngineBenchCommand.class})
public final class BenchCommand {
}
