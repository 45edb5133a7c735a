package io.tuneline.cli.model;

import picocli.CommandLine.Command;

/** {@code tuneline model ...}: generate, check and bench against any Hugging Face T5 checkpoint folder. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Model tools: generate, check, bench, merge, upload.",
        subcommands = {GenerateCommand.class, CheckCommand.class, BenchCommand.class, MergeCommand.class,
            UploadCommand.class})
public final class ModelCommand {
}
