package io.tuneline.corpus.pretrain;

import io.tuneline.corpus.prompt.PromptExample;
import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.Generator;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.tokenizer.T5Tokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/** Scores a model's greedy answers: exact match for label tasks, ROUGE-L F1 for texts. */
public final class QualityCheck {

    /** The mean score of one task. */
    public record TaskScore(String task, String metric, int examples, double score) {
    }

    private static final int BATCH = 16;

    private final T5ForConditionalGeneration model;
    private final T5Tokenizer tokenizer;
    private final int maxNewTokens;

    public QualityCheck(T5ForConditionalGeneration model, T5Tokenizer tokenizer, int maxNewTokens) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.maxNewTokens = maxNewTokens;
    }

    /** One score per task, in the order tasks first appear in {@code examples}. */
    public List<TaskScore> score(List<PromptExample> examples) {
        List<String> answers = answers(examples.stream().map(PromptExample::prompt).toList());
        Map<String, List<Double>> byTask = new LinkedHashMap<>();
        Map<String, String> metrics = new LinkedHashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            PromptExample example = examples.get(i);
            metrics.put(example.task(), example.metric());
            byTask.computeIfAbsent(example.task(), task -> new ArrayList<>())
                    .add(score(example.metric(), answers.get(i), example.completion()));
        }
        List<TaskScore> scores = new ArrayList<>();
        byTask.forEach((task, values) -> scores.add(new TaskScore(task, metrics.get(task), values.size(),
                values.stream().mapToDouble(Double::doubleValue).average().orElse(0))));
        return scores;
    }

    public static double score(String metric, String answer, String reference) {
        if (PromptExample.EXACT_MATCH.equals(metric)) {
            return answer.strip().toLowerCase(Locale.ROOT).equals(reference.strip().toLowerCase(Locale.ROOT)) ? 1 : 0;
        }
        return RougeL.f1(answer, reference);
    }

    /** Greedy answers, in the order of {@code prompts}; prompts of similar length share a batch. */
    public List<String> answers(List<String> prompts) {
        long[][] encoded = tokenizer.encode(prompts);
        Integer[] order = IntStream.range(0, prompts.size()).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> encoded[i].length));
        T5Seq2SeqModel seq2seq = new T5Seq2SeqModel(model);
        Generator generator = new Generator(seq2seq, seq2seq.specialTokens());
        GenerationConfig greedy = GenerationConfig.greedy(maxNewTokens);
        String[] answers = new String[prompts.size()];
        for (int from = 0; from < order.length; from += BATCH) {
            int to = Math.min(order.length, from + BATCH);
            long[][] batch = new long[to - from][];
            for (int i = from; i < to; i++) {
                batch[i - from] = encoded[order[i]];
            }
            long[][] generated = generator.generate(batch, greedy);
            for (int i = from; i < to; i++) {
                answers[order[i]] = tokenizer.decode(generated[i - from], true).strip();
            }
        }
        return List.of(answers);
    }
}
