package io.tuneline.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.evaluation.generation.T5TextGenerator;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.tokenizer.T5Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Wall time of a whole evaluation (generation, scoring, bootstrap) of N test examples with a randomly initialised
 * flan-t5-small-shape model, greedy, exactly 64 new tokens per example (min_new_tokens forces them: random weights
 * would stop at random). Prompts are DialogSum dialogues cut to at most 256 tokens of the given tokenizer. Not a
 * unit test: run by hand (see evaluation/README.md), the data is read from outside the repository.
 *
 * <p>Arguments: dialogsum JSONL, tokenizer.json, examples (100), batch size (8).
 */
public final class EvaluationBenchmark {

    public static void main(String[] args) throws Exception {
        Path dialogsum = Path.of(args[0]);
        Path tokenizerJson = Path.of(args[1]);
        int examples = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 8;

        List<TestExample> testSet = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        long promptTokens = 0;
        try (T5Tokenizer tokenizer = T5Tokenizer.load(tokenizerJson)) {
            for (String line : Files.readAllLines(dialogsum)) {
                if (testSet.size() == examples) {
                    break;
                }
                JsonNode row = json.readTree(line);
                String prompt = "Summarize the following conversation.\n\n" + row.get("dialogue").asText();
                while (tokenizer.encode(prompt + "\n\nSummary: ").length > 256) {
                    prompt = prompt.substring(0, prompt.length() * 9 / 10);
                }
                prompt += "\n\nSummary: ";
                promptTokens += tokenizer.encode(prompt).length;
                testSet.add(new TestExample(row.get("fname").asText(), "dialogue_summarization", prompt,
                        List.of(row.get("summary").asText())));
            }
        }
        GenerationConfig greedy64 = GenerationConfig.builder().maxNewTokens(64).minNewTokens(64).build();
        EvaluationPlan plan = EvaluationPlan.of(List.of(new ModelUnderTest("small-random", Path.of("random"))), testSet);
        long start = System.nanoTime();
        EvaluationResult result = new Evaluator(dir -> new T5TextGenerator(
                T5ForConditionalGeneration.randomlyInitialized(T5Config.flanT5SmallShape()),
                T5Tokenizer.load(tokenizerJson), greedy64, batchSize, true))
                .evaluate(plan, (phase, done, total) -> System.err.printf("\r%s %d/%d", phase, done, total));
        double total = (System.nanoTime() - start) / 1e9;
        double generation = result.systems().get(0).generationSeconds();
        System.err.println();
        System.out.printf(Locale.ROOT, "examples %d, mean prompt tokens %.1f, batch %d, greedy 64 new tokens%n",
                testSet.size(), (double) promptTokens / testSet.size(), batchSize);
        System.out.printf(Locale.ROOT, "evaluation %.1f s (generation %.1f s = %.0f new tokens/s; scoring + bootstrap"
                + " + model init %.1f s)%n", total, generation, testSet.size() * 64 / generation, total - generation);
    }
}
