package io.tuneline.corpus.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tuneline.corpus.general.GeneralTasks;
import io.tuneline.corpus.prompt.Instructions;
import io.tuneline.corpus.prompt.PromptExample;
import io.tuneline.corpus.support.SupportChat;
import io.tuneline.corpus.support.SupportChats;
import io.tuneline.corpus.tokenizer.T5TokenizerJson;
import io.tuneline.corpus.tokenizer.UnigramTrainer;
import io.tuneline.model.config.GenerationDefaults;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.io.CheckpointWriter;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.nn.T5ParameterLayout;
import io.tuneline.model.tokenizer.T5Tokenizer;
import io.tuneline.model.train.Seq2SeqExample;
import io.tuneline.model.train.Trainer;
import io.tuneline.model.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the built-in base model from nothing: generates the general-task corpus, trains the tokenizer on it,
 * initialises a small FLAN-T5-shaped model, pre-trains it with model-core's {@link Trainer} and writes a
 * Hugging Face checkpoint folder (bf16), saving along the way so an interrupted run still leaves a model. At the
 * end it scores the model on held-out general tasks and zero-shot on support chats.
 */
public final class BaseModelBuilder {

    /** What a build produced and measured. */
    public record Result(int steps, Duration pretraining, float lastLoss, long parameters, int vocabSize,
                         List<QualityCheck.TaskScore> heldOut, double supportRougeL,
                         double supportRougeLGenericPrompt) {
    }

    /** Generation settings shipped with the model: greedy, up to 64 new tokens. */
    static final GenerationDefaults GENERATION = new GenerationDefaults(0, 1, 0, null, 64, null, null, null, null,
            null, null);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BaseModelRecipe recipe;
    private final PrintWriter log;

    public BaseModelBuilder(BaseModelRecipe recipe, PrintWriter log) {
        this.recipe = recipe;
        this.log = log;
    }

    /** Builds into {@code outDir}; {@code evalPerTask} held-out examples per task (and twice as many chats). */
    public Result build(Path outDir, int evalPerTask) {
        return build(outDir, evalPerTask, null);
    }

    /**
     * Builds into {@code outDir}. With {@code continueFrom} set, pre-training continues from that checkpoint (its
     * architecture, weights and tokenizer) on a corpus drawn with this recipe's seed, instead of starting from a
     * new tokenizer and random weights.
     */
    public Result build(Path outDir, int evalPerTask, Path continueFrom) {
        say("generating %,d general-task examples (seed %d)", recipe.examples(), recipe.seed());
        List<PromptExample> corpus = GeneralTasks.mixture(recipe.examples(), recipe.seed(), GeneralTasks.Part.TRAIN);
        Path tokenizerJson = outDir.resolve("tokenizer.json");
        try {
            Files.createDirectories(outDir);
            if (continueFrom != null) {
                Files.copy(continueFrom.resolve("tokenizer.json"), tokenizerJson, StandardCopyOption.REPLACE_EXISTING);
            } else {
                T5TokenizerJson.write(tokenizerJson, UnigramTrainer.train(tokenizerText(corpus),
                        recipe.vocabularyPieces()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tokenizerJson, e);
        }
        try (T5Tokenizer tokenizer = T5Tokenizer.load(tokenizerJson);
                T5ForConditionalGeneration start = continueFrom != null ? continued(continueFrom, tokenizerJson)
                        : initialised(tokenizerJson)) {
            List<Seq2SeqExample> examples = encode(tokenizer, corpus);
            T5Config config = start.config();
            long parameterCount = start.parameters().values().stream().mapToLong(NDArray::size).sum();
            say("model: d_model %d, d_ff %d, %d+%d layers, %d heads, vocab %d: %,d parameters%s", config.dModel(),
                    config.dFf(), config.numLayers(), config.numDecoderLayers(), config.numHeads(),
                    config.vocabSize(), parameterCount, continueFrom != null ? ", continued from " + continueFrom : "");
            // Pre-training runs without dropout; the shipped config keeps 0.1 for fine-tuning runs.
            T5ForConditionalGeneration model = new T5ForConditionalGeneration(config.withDropoutRate(0f), GENERATION,
                    start.manager(), start.parameters(), tokenizerJson);
            long started = System.nanoTime();
            float lastLoss = pretrain(model, examples, () -> save(start, outDir));
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            save(start, outDir);
            say("pre-training done: %d steps in %s, last loss %.3f", recipe.steps(), format(wall), lastLoss);
            Result result = evaluate(model, tokenizer, evalPerTask, wall, lastLoss, parameterCount,
                    config.vocabSize());
            writeReport(outDir.resolve("pretraining.json"), result, continueFrom);
            return result;
        }
    }

    /** A new model of the recipe's architecture for the tokenizer's vocabulary, drawn as transformers does. */
    private T5ForConditionalGeneration initialised(Path tokenizerJson) {
        int vocabSize = vocabularySize(tokenizerJson);
        T5Config config = recipe.architecture(vocabSize);
        Engine.getInstance().setRandomSeed((int) recipe.seed());
        NDManager manager = NDManager.newBaseManager();
        Map<String, NDArray> parameters = T5ParameterLayout.randomParameters(config, manager);
        // HF draws the untied head with std 1, which starts T5 at a loss of ~40 and wastes the first
        // hundred steps of a short run; Mesh TensorFlow's d_model^-0.5 starts it near ln(vocab).
        parameters.get(T5ParameterLayout.LM_HEAD).muli((float) Math.pow(config.dModel(), -0.5));
        return new T5ForConditionalGeneration(config, GENERATION, manager, parameters, tokenizerJson);
    }

    private static T5ForConditionalGeneration continued(Path checkpoint, Path tokenizerJson) {
        T5ForConditionalGeneration loaded = T5Checkpoint.load(checkpoint);
        return new T5ForConditionalGeneration(loaded.config(), GENERATION, loaded.manager(), loaded.parameters(),
                tokenizerJson);
    }

    private static int vocabularySize(Path tokenizerJson) {
        try {
            return JSON.readTree(tokenizerJson.toFile()).path("model").path("vocab").size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tokenizerJson, e);
        }
    }

    private float pretrain(T5ForConditionalGeneration model, List<Seq2SeqExample> examples, Runnable checkpoint) {
        TrainingConfig training = TrainingConfig.defaults()
                .withOptimizer(recipe.learningRate(), 0.9, 0.999, 1e-8, 0.01)
                .withSchedule(recipe.warmupSteps(), recipe.steps())
                .withBatching(recipe.batchSize(), 1)
                .withSeed(recipe.seed());
        long started = System.nanoTime();
        float[] smoothed = {Float.NaN};
        try (Trainer trainer = new Trainer(model, training)) {
            trainer.train(examples, step -> {
                smoothed[0] = Float.isNaN(smoothed[0]) ? step.loss() : 0.9f * smoothed[0] + 0.1f * step.loss();
                if (step.step() % 10 == 0 || step.step() == recipe.steps()) {
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    double left = elapsed / step.step() * (recipe.steps() - step.step());
                    say("step %d/%d  loss %.3f (avg %.3f)  lr %.1e  grad %.2f  %.2f s/step  elapsed %s  left ~%s",
                            step.step(), recipe.steps(), step.loss(), smoothed[0], step.learningRate(),
                            step.gradientNorm(), elapsed / step.step(), format(Duration.ofSeconds((long) elapsed)),
                            format(Duration.ofSeconds((long) left)));
                }
                if (step.step() % recipe.saveEvery() == 0 && step.step() < recipe.steps()) {
                    checkpoint.run();
                }
                return true;
            });
        }
        return smoothed[0];
    }

    private Result evaluate(T5ForConditionalGeneration model, T5Tokenizer tokenizer, int perTask, Duration wall,
            float lastLoss, long parameters, int vocabSize) {
        QualityCheck check = new QualityCheck(model, tokenizer, 64);
        List<QualityCheck.TaskScore> heldOut = check.score(GeneralTasks.heldOut(perTask, recipe.seed() + 2));
        heldOut.forEach(score -> say("held-out %-24s %-11s %.3f (%d examples)", score.task(), score.metric(),
                score.score(), score.examples()));
        List<SupportChat> chats = SupportChats.generate(2 * perTask, recipe.seed() + 3, "eval");
        double support = supportRougeL(check, chats, chat -> Instructions.summarizeSupportChat(chat.topic(),
                chat.dialogue()));
        double generic = supportRougeL(check, chats, chat -> Instructions.summarizeConversation(chat.dialogue()));
        say("support chats zero-shot ROUGE-L: %.3f (support-chat prompt), %.3f (summarize prompt), %d chats",
                support, generic, chats.size());
        return new Result(recipe.steps(), wall, lastLoss, parameters, vocabSize, heldOut, support, generic);
    }

    private static double supportRougeL(QualityCheck check, List<SupportChat> chats,
            Function<SupportChat, String> prompt) {
        List<String> answers = check.answers(chats.stream().map(prompt).toList());
        double sum = 0;
        for (int i = 0; i < chats.size(); i++) {
            sum += RougeL.f1(answers.get(i), chats.get(i).summary());
        }
        return sum / chats.size();
    }

    /** The tokenizer learns the general corpus and the support-chat vocabulary (the model never sees chats). */
    private List<String> tokenizerText(List<PromptExample> corpus) {
        List<String> texts = new ArrayList<>();
        corpus.forEach(example -> {
            texts.add(example.prompt());
            texts.add(example.completion());
        });
        for (SupportChat chat : SupportChats.generate(recipe.tokenizerSupportChats(), recipe.seed() + 1, "tok")) {
            texts.add(chat.dialogue());
            texts.add(chat.summary());
        }
        return texts;
    }

    private List<Seq2SeqExample> encode(T5Tokenizer tokenizer, List<PromptExample> corpus) {
        long[][] prompts = tokenizer.encode(corpus.stream().map(PromptExample::prompt).toList());
        long[][] completions = tokenizer.encode(corpus.stream().map(PromptExample::completion).toList());
        List<Seq2SeqExample> examples = new ArrayList<>();
        long tokens = 0;
        for (int i = 0; i < prompts.length; i++) {
            if (prompts[i].length <= recipe.maxInputTokens()) {
                examples.add(new Seq2SeqExample(prompts[i], completions[i]));
                tokens += prompts[i].length + completions[i].length;
            }
        }
        say("encoded %,d examples (%,d left out as longer than %d tokens), %.1f tokens per example",
                examples.size(), prompts.length - examples.size(), recipe.maxInputTokens(),
                (double) tokens / examples.size());
        return examples;
    }

    private void save(T5ForConditionalGeneration model, Path outDir) {
        T5Checkpoint.save(model, outDir, CheckpointWriter.StoredType.BFLOAT16);
    }

    private void writeReport(Path file, Result result, Path continueFrom) {
        ObjectNode report = JSON.createObjectNode();
        report.set("recipe", JSON.valueToTree(recipe));
        if (continueFrom != null) {
            report.put("continuedFrom", continueFrom.toString());
        }
        report.put("steps", result.steps());
        report.put("pretrainingSeconds", result.pretraining().toSeconds());
        report.put("lastLoss", result.lastLoss());
        report.put("parameters", result.parameters());
        report.put("vocabSize", result.vocabSize());
        ObjectNode heldOut = report.putObject("heldOut");
        result.heldOut().forEach(score -> heldOut.putObject(score.task()).put("metric", score.metric())
                .put("examples", score.examples()).put("score", score.score()));
        report.put("supportChatsZeroShotRougeL", result.supportRougeL());
        report.put("supportChatsZeroShotRougeLSummarizePrompt", result.supportRougeLGenericPrompt());
        try {
            Files.writeString(file, JSON.writeValueAsString(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void say(String format, Object... args) {
        log.println(String.format(format, args));
        log.flush();
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 60 ? (seconds / 60) + "m" + String.format("%02d", seconds % 60) + "s" : seconds + "s";
    }
}
