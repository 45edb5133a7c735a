package io.tuneline.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.training.RunSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The tiny FLAN-T5 fixture (a copy of model-core's {@code flan-t5-tiny-untied}: 3+2 layers, d_model 64, a
 * 212-piece tokenizer) and generated prompt/completion pairs: copy and reverse a few words the tokenizer knows.
 */
final class TrainingFixtures {

    private static final List<String> WORDS = List.of("Omar", "Hugo", "Elif", "Grace", "Ben", "Farid", "Mika", "Nora",
            "Dana", "Kemal", "Lena", "Jonas", "book", "invoice", "refund", "ticket");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingFixtures() {
    }

    static Path tinyModel() {
        try {
            return Path.of(TrainingFixtures.class.getResource("/t5/flan-t5-tiny-untied").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code count} lines {@code {"prompt","completion","exampleId","task","templateId"}}, seeded. */
    static Path writePairs(Path file, int count, long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> words = new ArrayList<>();
            for (int w = 0; w < 3 + random.nextInt(4); w++) {
                words.add(WORDS.get(random.nextInt(WORDS.size())));
            }
            boolean reverse = random.nextBoolean();
            List<String> answer = new ArrayList<>(words);
            if (reverse) {
                Collections.reverse(answer);
            }
            Map<String, String> row = new LinkedHashMap<>();
            row.put("prompt", (reverse ? "reverse: " : "copy: ") + String.join(" ", words));
            row.put("completion", String.join(" ", answer));
            row.put("exampleId", "ex-" + seed + "-" + i);
            row.put("task", reverse ? "reverse" : "copy");
            row.put("templateId", "generated");
            lines.add(json(row));
        }
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A spec from JSON fields, read the way the worker reads spec files. */
    static RunSpec spec(Map<String, Object> fields) {
        return RunSpecReader.parse(json(fields).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The fields of a small run on the tiny model: AdamW at 3e-3, batches of 8. */
    static Map<String, Object> fields(Path train, Path validation, int maxSteps) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("modelName", "copy-reverse");
        fields.put("baseModel", tinyModel().toString());
        fields.put("train", train.toString());
        if (validation != null) {
            fields.put("validation", validation.toString());
        }
        fields.put("maxSteps", maxSteps);
        fields.put("learningRate", 3e-3);
        fields.put("batchSize", 8);
        fields.put("seed", 7);
        return fields;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
