package io.tuneline.cli.bench;

import java.util.List;
import picocli.CommandLine.Option;

/** The load levels both serving benchmarks run: client counts, requests per client, summary length, chat mix. */
final class LoadOptions {

    @Option(names = "--clients", split = ",", defaultValue = "1,8,32",
            description = "Concurrent clients, one measurement each (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--requests-per-client", defaultValue = "3",
            description = "Measured requests each client sends per level (default: ${DEFAULT-VALUE}).")
    int requestsPerClient;

    @Option(names = "--max-new-tokens", defaultValue = "48", description = "Tokens per summary (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the chat mix (default: ${DEFAULT-VALUE}).")
    long seed;
}
