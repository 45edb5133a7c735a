package io.tuneline.cli.model;

import picocli.CommandLine.Command;

/** {@code tuneline model ...}: model tools against any Hugging Face T5 checkpoint folder. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Model tools: generate, check, bench, merge an adapter, build the built-in base, corpus, upload.",
        subcommands = {GenerateCommand.class, CheckCommand.class, BenchCommand.class, MergeCommand.class,
            BuildBaseCommand.class, CorpusCommand.class, UploadCommand.class})
public final class ModelCommand {
}
