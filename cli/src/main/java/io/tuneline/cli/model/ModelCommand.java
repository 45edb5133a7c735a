package io.tuneline.cli.model;

import picocli.CommandLine.Command;

/** {@code tuneline model ...}: generate, check and bench against any Hugging Face T5 checkpoint folder. */
        subcommands = {GenerateCommand.class, CheckCommand.class, BenchCommand.class, MergeCommand.class,
            BuildBaseCommand.class, CorpusCommand.class, UploadCommand.class})
public final class ModelCommand {
}
