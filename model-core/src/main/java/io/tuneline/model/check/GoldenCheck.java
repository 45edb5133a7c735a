package io.tuneline.model.check;

import io.tuneline.model.io.T5Checkpoint;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.Generator;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.io.SafeTensorsFile;
import io.tuneline.model.nn.ForwardOutput;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.train.AdamW;
import io.tuneline.model.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The golden-file comparison, once for the project (what {@code ./tuneline model check} prints): recomputes every
 * output a golden file holds (encoder states, logits, loss,
 * gradients, one AdamW step, generated ids) with the checkpoint and compares them. Relative error is
 * {@code max|ours - golden| / max|golden|}; ids must be identical. Golden files hold the tensors Hugging Face
 * transformers computed; the keys name what is compared.
 */
public final class GoldenCheck {

    public static final double TOLERANCE = 1e-5;
    public static final double ADAMW_TOLERANCE = 1e-3;
    private static final Set<String> INPUTS = Set.of("input_ids", "attention_mask", "labels", "decoder_input_ids");

    private final Path goldenFile;

    private GoldenCheck(Path goldenFile) {
        this.goldenFile = goldenFile;
    }

    /** One compared key: what was measured, its value and limit, and whether it agrees. */
    public record Result(String key, String measure, String value, String limit, boolean ok) {
    }

    /** Compares the checkpoint in {@code modelDir} with every output {@code goldenFile} holds, one result per key. */
    public static List<Result> run(Path modelDir, Path goldenFile) {
        if (!Files.isRegularFile(goldenFile)) {
            throw new IllegalArgumentException("no such golden file: " + goldenFile);
        }
        return new GoldenCheck(goldenFile).compare(modelDir);
    }

    private List<Result> compare(Path modelDir) {
        GoldenSettings settings = GoldenSettings.forGolden(goldenFile);
        List<Result> results = new ArrayList<>();
        try (T5ForConditionalGeneration model = T5Checkpoint.load(modelDir);
             NDManager manager = model.manager().newSubManager()) {
            Map<String, NDArray> golden = readAll(goldenFile, manager);
            Map<String, NDArray> batch = golden.containsKey("input_ids") ? golden : siblingBatch(manager);
            checkForwardAndGradients(model, golden, batch, settings, results);
            checkGeneration(model, golden, batch, settings, results);
            checkAdamW(model, golden, settings, results, manager);
            golden.keySet().stream()
                    .filter(key -> !INPUTS.contains(key) && results.stream().noneMatch(r -> r.key().equals(key)))
                    .forEach(key -> results.add(new Result(key, "unknown key", "-", "-", false)));
        }
        return results;
    }

    private void checkForwardAndGradients(T5ForConditionalGeneration model, Map<String, NDArray> golden,
                                          Map<String, NDArray> batch, GoldenSettings settings,
                                          List<Result> results) {
        boolean hasGradients = golden.keySet().stream().anyMatch(key -> key.startsWith("grad."));
        boolean hasAdamW = golden.keySet().stream().anyMatch(key -> key.startsWith("after_adamw."));
        Double goldenLoss = golden.containsKey("loss") ? Double.valueOf(golden.get("loss").getFloat())
                : settings.loss();
        boolean needsForward = golden.containsKey("logits") || goldenLoss != null || hasGradients || hasAdamW;
        if (!needsForward) {
            if (golden.containsKey("encoder_last_hidden_state")) {
                NDArray hidden = model.encode(batch.get("input_ids"), batch.get("attention_mask"), false);
                results.add(relative("encoder_last_hidden_state", hidden, golden, TOLERANCE));
            }
            return;
        }
        model.setTrainable(hasGradients || hasAdamW);
        ForwardOutput output;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            output = model.forward(batch.get("input_ids"), batch.get("attention_mask"), batch.get("labels"), false);
            if (hasGradients || hasAdamW) {
                collector.backward(output.loss());
            }
        }
        if (golden.containsKey("encoder_last_hidden_state")) {
            results.add(relative("encoder_last_hidden_state", output.encoderLastHiddenState(), golden, TOLERANCE));
        }
        if (golden.containsKey("logits")) {
            results.add(relative("logits", output.logits(), golden, TOLERANCE));
        }
        if (goldenLoss != null) {
            double error = Math.abs(output.loss().getFloat() - goldenLoss) / Math.abs(goldenLoss);
            results.add(new Result("loss", "rel. error", format(error), format(TOLERANCE), error <= TOLERANCE));
        }
        for (String key : golden.keySet()) {
            if (key.startsWith("grad.")) {
                NDArray parameter = model.parameters().get(key.substring("grad.".length()));
                results.add(parameter == null ? new Result(key, "rel. error", "no such parameter", "-", false)
                        : relative(key, parameter.getGradient(), golden, TOLERANCE));
            }
        }
    }

    private void checkGeneration(T5ForConditionalGeneration model, Map<String, NDArray> golden,
                                 Map<String, NDArray> batch, GoldenSettings settings, List<Result> results) {
        T5Seq2SeqModel seq2seq = new T5Seq2SeqModel(model);
        Generator generator = new Generator(seq2seq, seq2seq.specialTokens());
        long[][] prompts = null;
        for (String key : golden.keySet()) {
            if (!key.startsWith("generate.")) {
                continue;
            }
            Optional<GenerationConfig> config = settings.generationFor(key.substring("generate.".length()));
            if (config.isEmpty()) {
                results.add(new Result(key, "ids", "no known settings", "identical", false));
                continue;
            }
            if (prompts == null) {
                prompts = prompts(batch.get("input_ids"), batch.get("attention_mask"));
            }
            long[][] expected = rows(golden.get(key));
            long[][] generated = generator.generate(prompts, config.get());
            int equal = 0;
            for (int row = 0; row < expected.length; row++) {
                equal += row < generated.length && Arrays.equals(generated[row], expected[row]) ? 1 : 0;
            }
            boolean ok = equal == expected.length && generated.length == expected.length;
            results.add(new Result(key, "ids", equal + "/" + expected.length + " rows equal", "identical", ok));
        }
    }

    private void checkAdamW(T5ForConditionalGeneration model, Map<String, NDArray> golden, GoldenSettings settings,
                            List<Result> results, NDManager manager) {
        if (golden.keySet().stream().noneMatch(key -> key.startsWith("after_adamw."))) {
            return;
        }
        GoldenSettings.AdamWSettings adamw = settings.adamw();
        TrainingConfig config = TrainingConfig.defaults().withOptimizer(adamw.learningRate(), adamw.beta1(),
                adamw.beta2(), adamw.epsilon(), adamw.weightDecay());
        // torch.optim.AdamW decays every parameter it is given, layer norms included.
        try (AdamW optimizer = new AdamW(model.parameters(), config, name -> true);
             NDManager step = manager.newSubManager()) {
            optimizer.step(adamw.learningRate(), 1f, step);
        }
        for (String key : golden.keySet()) {
            if (key.startsWith("after_adamw.")) {
                NDArray parameter = model.parameters().get(key.substring("after_adamw.".length()));
                results.add(parameter == null ? new Result(key, "rel. error", "no such parameter", "-", false)
                        : relative(key, parameter, golden, ADAMW_TOLERANCE));
            }
        }
    }

    /** generate_long.safetensors holds no inputs: its batch is the golden.safetensors next to it. */
    private Map<String, NDArray> siblingBatch(NDManager manager) {
        Path sibling = goldenFile.resolveSibling("golden.safetensors");
        if (!Files.exists(sibling)) {
            throw new IllegalArgumentException(goldenFile + " holds no input_ids and there is no " + sibling);
        }
        return readAll(sibling, manager);
    }

    private static Map<String, NDArray> readAll(Path file, NDManager manager) {
        SafeTensorsFile tensors = SafeTensorsFile.open(file);
        Map<String, NDArray> read = new LinkedHashMap<>();
        for (String name : tensors.tensors().keySet()) {
            read.put(name, tensors.read(name, manager));
        }
        return read;
    }

    private static Result relative(String key, NDArray actual, Map<String, NDArray> golden, double limit) {
        NDArray expected = golden.get(key);
        if (!actual.getShape().equals(expected.getShape())) {
            return new Result(key, "shape", actual.getShape() + " != " + expected.getShape(), "-", false);
        }
        NDArray ours = actual.toType(DataType.FLOAT32, false);
        NDArray theirs = expected.toType(DataType.FLOAT32, false);
        double error = ours.sub(theirs).abs().max().getFloat() / (double) theirs.abs().max().getFloat();
        return new Result(key, "rel. error", format(error), format(limit), error <= limit);
    }

    /** The unpadded prompt of each row of a right-padded batch. */
    public static long[][] prompts(NDArray inputIds, NDArray attentionMask) {
        long[][] ids = rows(inputIds);
        long[][] mask = rows(attentionMask);
        long[][] prompts = new long[ids.length][];
        for (int row = 0; row < ids.length; row++) {
            prompts[row] = Arrays.copyOf(ids[row], (int) Arrays.stream(mask[row]).sum());
        }
        return prompts;
    }

    public static long[][] rows(NDArray matrix) {
        long[] flat = matrix.toType(DataType.INT64, false).toLongArray();
        int width = (int) matrix.getShape().get(1);
        long[][] rows = new long[flat.length / width][];
        for (int row = 0; row < rows.length; row++) {
            rows[row] = Arrays.copyOfRange(flat, row * width, (row + 1) * width);
        }
        return rows;
    }

    private static String format(double value) {
        return String.format("%.2e", value);
    }
}
