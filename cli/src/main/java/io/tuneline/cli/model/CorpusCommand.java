package io.tuneline.cli.model;

import io.tuneline.corpus.CorpusFiles;
import io.tuneline.corpus.general.GeneralTasks;
import io.tuneline.corpus.support.SupportChats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tuneline model corpus}: writes synthetic data of the built-in base model's corpus as JSON Lines. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = "Generate synthetic data: support chats, general-task prompts, held-out or validation general tasks.")
final class CorpusCommand implements Callable<Integer> {

    enum Kind { support, events, general, heldout, validation }

    @Spec
    CommandSpec spec;

    @Option(names = "--kind", required = true, description = "support: chats as DialogSum JSONL; events: chats as "
            + "SupportChatReceived fields; general: pre-training prompts; heldout: held-out prompts per task; validation: general-task validation"
            + " prompts per task (for a run's validationMixWith; disjoint from general and heldout).")
    Kind kind;

    @Option(names = "--n", required = true,
            description = "Chats or examples to write (heldout, validation: examples per task).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "The same seed writes the same file.")
    long seed;

    @Option(names = "--out", required = true, description = "JSONL file to write.")
    Path out;

    @Option(names = "--id-prefix", defaultValue = "chat", description = "Support chats get ids PREFIX-00001, ...")
    String idPrefix;

    @Override
    public Integer call() {
        switch (kind) {
            case support -> CorpusFiles.writeDialogSum(out, SupportChats.generate(count, seed, idPrefix));
            case events -> CorpusFiles.writeSupportChatEvents(out, SupportChats.generate(count, seed, idPrefix));
            case general -> CorpusFiles.writePrompts(out, GeneralTasks.mixture(count, seed, GeneralTasks.Part.TRAIN));
            case heldout -> CorpusFiles.writePrompts(out, GeneralTasks.heldOut(count, seed));
            case validation -> CorpusFiles.writePrompts(out, GeneralTasks.validation(count, seed));
        }
        PrintWriter log = spec.commandLine().getOut();
        log.printf("wrote %s%n", out);
        log.flush();
        return 0;
    }
}
