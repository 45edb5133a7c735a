package io.tuneline.cli.model;

import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.config.GenerationDefaults;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.generate.EarlyStopping;
import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.Generator;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.tokenizer.T5Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tuneline model generate}: texts for a batch of prompts. Options left out fall back to the checkpoint's
 * generation_config.json, then to Hugging Face's defaults.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate text for one or more prompts (batched) with a T5 checkpoint folder.")
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Hugging Face T5 checkpoint folder.")
    Path modelDir;

    @Option(names = "--adapter", paramLabel = "DIR", description = "A PEFT LoRA adapter folder applied on top of --model.")
    Path adapterDir;

    @Option(names = "--max-new-tokens", description = "Tokens generated at most (default: checkpoint, else 64).")
    Integer maxNewTokens;

    @Option(names = "--min-new-tokens", description = "</s> is forbidden before this many tokens.")
    Integer minNewTokens;

    @Option(names = "--num-beams", description = "Beam search with this many beams (1: greedy or sampling).")
    Integer numBeams;

    @Option(names = "--length-penalty", description = "Beam score = sum(logprobs) / length ** penalty.")
    Double lengthPenalty;

    @Option(names = "--early-stopping", description = "Beam search stopping: true, false or never.")
    String earlyStopping;

    @Option(names = "--no-repeat-ngram-size", description = "No n-gram of this size occurs twice.")
    Integer noRepeatNgramSize;

    @Option(names = "--num-return-sequences", defaultValue = "1", description = "Sequences printed per prompt.")
    int numReturnSequences;

    @Option(names = "--do-sample", description = "Sample instead of taking the most likely token.")
    boolean doSample;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature.")
    double temperature;

    @Option(names = "--top-k", defaultValue = "50", description = "Sampling keeps the k most likely tokens (0: all).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", description = "Sampling keeps the top tokens reaching mass p.")
    double topP;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the sampling random generator.")
    long seed;

    @Option(names = "--ids", description = "Also print the generated token ids.")
    boolean printIds;

    @Parameters(arity = "1..*", paramLabel = "PROMPT", description = "Prompts, generated as one batch.")
    List<String> prompts;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        GenerationConfig config = config(checkpointDefaults()); // settings errors show before the weights load
        try (T5ForConditionalGeneration base = T5Checkpoint.load(modelDir);
             LoraAdapter adapter = adapterDir == null ? null : PeftAdapter.load(adapterDir, base.config());
             T5ForConditionalGeneration model = base.withAdapter(adapter)) {
            T5Tokenizer tokenizer = model.tokenizer()
                    .orElseThrow(() -> new IllegalArgumentException("no tokenizer.json in " + modelDir));
            T5Seq2SeqModel seq2seq = new T5Seq2SeqModel(model);
            long[][] generated = new Generator(seq2seq, seq2seq.specialTokens())
                    .generate(tokenizer.encode(prompts), config);
            int perPrompt = config.numReturnSequences();
            for (int row = 0; row < generated.length; row++) {
                String label = prompts.size() == 1 && perPrompt == 1 ? ""
                        : perPrompt == 1 ? "[" + (row + 1) + "] "
                        : "[" + (row / perPrompt + 1) + "." + (row % perPrompt + 1) + "] ";
                out.println(label + tokenizer.decode(generated[row], true));
                if (printIds) {
                    out.println(" ".repeat(label.length()) + "ids: " + Arrays.stream(generated[row])
                            .mapToObj(Long::toString).collect(Collectors.joining(" ")));
                }
            }
        }
        out.flush();
        return 0;
    }

    private GenerationDefaults checkpointDefaults() {
        T5Config modelConfig = T5Config.read(modelDir.resolve("config.json"));
        Path generationJson = modelDir.resolve("generation_config.json");
        return Files.exists(generationJson) ? GenerationDefaults.read(generationJson, modelConfig)
                : GenerationDefaults.fromModelConfig(modelConfig);
    }

    private GenerationConfig config(GenerationDefaults defaults) {
        GenerationConfig.Builder builder = GenerationConfig.builder()
                .numReturnSequences(numReturnSequences)
                .doSample(doSample)
                .temperature(temperature)
                .topK(topK)
                .topP(topP)
                .seed(seed);
        // A checkpoint's max_length counts the decoder start token.
        Integer checkpointMaxNew = defaults.maxNewTokens() != null ? defaults.maxNewTokens()
                : defaults.maxLength() != null ? Integer.valueOf(defaults.maxLength() - 1) : null;
        builder.maxNewTokens(firstSet(maxNewTokens, checkpointMaxNew, 64));
        builder.minNewTokens(firstSet(minNewTokens, defaults.minNewTokens(), 0));
        builder.numBeams(firstSet(numBeams, defaults.numBeams(), 1));
        builder.lengthPenalty(firstSet(lengthPenalty, defaults.lengthPenalty(), 1.0));
        builder.noRepeatNgramSize(firstSet(noRepeatNgramSize, defaults.noRepeatNgramSize(), 0));
        try {
            if (earlyStopping != null) {
                builder.earlyStopping(EarlyStopping.parse(earlyStopping));
            } else if (defaults.earlyStopping() != null) {
                builder.earlyStopping(defaults.earlyStopping() ? EarlyStopping.TRUE : EarlyStopping.FALSE);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static <T> T firstSet(T option, T checkpointDefault, T fallback) {
        return option != null ? option : checkpointDefault != null ? checkpointDefault : fallback;
    }
}
