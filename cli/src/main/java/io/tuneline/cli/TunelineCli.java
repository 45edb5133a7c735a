package io.tuneline.cli;

import io.tuneline.cli.bench.BenchCommand;
import io.tuneline.cli.model.ModelCommand;
import io.tuneline.cli.stack.UpCommand;
import io.tuneline.cli.eval.EvalCommand;
import io.tuneline.cli.eval.RougeCommand;
import io.tuneline.cli.train.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./tuneline}: model tools, scoring and the local stack. */
@Command(name = "tuneline", mixinStandardHelpOptions = true, version = "tuneline 0.1.0",
        description = "Instruction fine-tuning of FLAN-T5-family models.",
        subcommands = {ModelCommand.class, UpCommand.class, TrainCommand.class, RougeCommand.class, EvalCommand.class,
            BenchCommand.class})
public final class TunelineCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new TunelineCli()).execute(args));
    }
}
