package io.tuneline.cli.bench;

import picocli.CommandLine.Command;

/** {@code tuneline bench}: load benchmarks against running services. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load benchmarks against running services: serve, random-checkpoint, engine, stream.",
        subcommands = {ServeBenchCommand.class, RandomCheckpointCommand.class, EngineBenchCommand.class,
                StreamBenchCommand.class})
public final class BenchCommand {
}
