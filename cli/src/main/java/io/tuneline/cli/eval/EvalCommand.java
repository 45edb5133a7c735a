package io.tuneline.cli.eval;

import io.tuneline.evaluation.EvaluationPlan;
import io.tuneline.evaluation.EvaluationResult;
import io.tuneline.evaluation.Evaluator;
import io.tuneline.evaluation.HeldOutTask;
import io.tuneline.evaluation.InvalidPromptFileException;
import io.tuneline.evaluation.ModelUnderTest;
import io.tuneline.evaluation.PromptFile;
import io.tuneline.evaluation.generation.T5TextGenerator;
import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.evaluation.report.ReportWriter;
import io.tuneline.evaluation.report.TerminalTable;
import io.tuneline.evaluation.stats.Bootstrap;
import io.tuneline.model.generate.GenerationConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tuneline eval}: the base model (first {@code --model}) against later models on a prompt/completion test
 * set, with the base model's in-context baselines and an optional forgetting suite; prints a table and writes
 * summary.json, predictions.jsonl and report.html.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate checkpoints on a prompt/completion test set: ROUGE (as rouge-score) and exact match,",
            "95 % bootstrap intervals, differences to the first (base) model, in-context baselines of the base,",
            "held-out tasks before/after. Writes summary.json, predictions.jsonl and report.html to --out."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "[NAME=]DIR",
            description = "Checkpoint folder (repeat; the first is the base). NAME defaults to base, then the folder name.")
    List<String> models;

    @Option(names = "--data", required = true, description = "Test set: JSONL with prompt, completion[, references, exampleId, task].")
    Path data;

    @Option(names = "--train", description = "Training prompts for the base model's in-context examples.")
    Path train;

    @Option(names = "--shots", split = ",", defaultValue = "0",
            description = "In-context examples for the base model, e.g. 0,1,3 (needs --train). Default: 0.")
    List<Integer> shots;

    @Option(names = "--held-out", paramLabel = "NAME:METRIC:FILE",
            description = "A held-out task scored before/after (repeatable), METRIC one of rouge1, rouge2, rougeL, rougeLsum, exactMatch.")
    List<String> heldOut = new ArrayList<>();

    @Option(names = "--max-new-tokens", defaultValue = "64", description = "Tokens generated at most (default 64).")
    int maxNewTokens;

    @Option(names = "--num-beams", defaultValue = "1", description = "Beam search with this many beams (1: greedy).")
    int numBeams;

    @Option(names = "--batch-size", defaultValue = "8", description = "Prompts generated together (default 8).")
    int batchSize;

    @Option(names = "--max-input-tokens", defaultValue = "512",
            description = "Few-shot prompts keep as many examples as fit this many tokens (default 512).")
    int maxInputTokens;

    @Option(names = "--no-stemmer", description = "ROUGE without Porter stemming (default: with, use_stemmer=True).")
    boolean noStemmer;

    @Option(names = "--primary-metric", defaultValue = "rougeL", description = "Ranks gains and losses (default rougeL).")
    String primaryMetric;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the bootstrap and of the in-context choice.")
    long seed;

    @Option(names = "--out", defaultValue = "eval-report", description = "Report folder (default ./eval-report).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        EvaluationPlan plan;
        try {
            plan = plan();
        } catch (InvalidPromptFileException e) {
            spec.commandLine().getErr().println("eval: " + e.getMessage());
            return 2;
        }
        GenerationConfig generation = GenerationConfig.builder().maxNewTokens(maxNewTokens).numBeams(numBeams).build();
        EvaluationResult result = new Evaluator(T5TextGenerator.loader(generation, batchSize))
                .evaluate(plan, new ProgressBar(spec.commandLine().getErr()));
        ReportWriter.write(result, out);
        stdout.print(TerminalTable.render(result));
        stdout.println("report: " + out.resolve(ReportWriter.REPORT).toAbsolutePath());
        stdout.flush();
        return 0;
    }

    private EvaluationPlan plan() {
        List<ModelUnderTest> named = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            String spec = models.get(i);
            int eq = spec.indexOf('=');
            Path dir = Path.of(eq < 0 ? spec : spec.substring(eq + 1));
            requireDirectory(dir, "--model");
            String name = eq > 0 ? spec.substring(0, eq) : i == 0 ? "base" : uniqueName(dir, named);
            named.add(new ModelUnderTest(name, dir));
        }
        requireFile(data, "--data");
        if (shots.stream().anyMatch(k -> k > 0) && train == null) {
            throw new ParameterException(spec.commandLine(), "--shots " + shots + " needs --train");
        }
        List<HeldOutTask> tasks = new ArrayList<>();
        for (String task : heldOut) {
            String[] parts = task.split(":", 3);
            if (parts.length != 3) {
                throw new ParameterException(spec.commandLine(), "--held-out expects NAME:METRIC:FILE, got " + task);
            }
            requireFile(Path.of(parts[2]), "--held-out");
            tasks.add(new HeldOutTask(parts[0], metric(parts[1]), PromptFile.read(Path.of(parts[2]))));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("test set", data.toString());
        settings.put("generation", (numBeams == 1 ? "greedy" : numBeams + " beams") + ", up to " + maxNewTokens
                + " new tokens, batches of " + batchSize);
        named.forEach(m -> settings.put("model " + m.name(), m.dir().toString()));
        if (train != null) {
            settings.put("in-context examples from", train.toString());
        }
        EvaluationPlan plan = EvaluationPlan.of(named, PromptFile.read(data))
                .withMaxInputTokens(maxInputTokens)
                .withHeldOutTasks(tasks)
                .withScoring(metric(primaryMetric), !noStemmer, new Bootstrap(1000, 0.95, seed))
                .withSettings(settings);
        if (train != null) {
            requireFile(train, "--train");
            plan = plan.withInContextBaselines(PromptFile.read(train), shots);
        }
        return plan;
    }

    private Metric metric(String key) {
        try {
            return Metric.fromKey(key);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The folder's name, with -2, -3, ... when an earlier model already has it. */
    private static String uniqueName(Path dir, List<ModelUnderTest> taken) {
        String folder = dir.toAbsolutePath().normalize().getFileName().toString();
        String name = folder;
        for (int n = 2; isTaken(name, taken); n++) {
            name = folder + "-" + n;
        }
        return name;
    }

    private static boolean isTaken(String name, List<ModelUnderTest> taken) {
        return taken.stream().anyMatch(m -> m.name().equals(name));
    }

    private void requireDirectory(Path dir, String option) {
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), option + ": no such folder: " + dir);
        }
    }

    private void requireFile(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), option + ": no such file: " + file);
        }
    }
}
