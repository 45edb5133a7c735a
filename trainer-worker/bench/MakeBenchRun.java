import io.tuneline.model.config.T5Config;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes the inputs of the ./tuneline train benchmark (run with java's single-file launcher, see bench-train.sh):
 * a randomly initialised flan-t5-small-shape checkpoint (with the test tokenizer, whose ids all fit the vocabulary)
 * and prompt/completion pairs of exactly 256 prompt and 64 completion tokens, the shape ./tuneline model bench uses.
 */
public class MakeBenchRun {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path tokenizer = Path.of(args[1]);
        int examples = Integer.parseInt(args[2]);
        Path model = dir.resolve("flan-t5-small-random");
        try (T5ForConditionalGeneration random = T5ForConditionalGeneration.randomlyInitialized(T5Config.flanT5SmallShape())) {
            T5Checkpoint.save(random, model);
        }
        Files.copy(tokenizer, model.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        // Names the tokenizer encodes as one piece each ("▁Omar"): n words + </s> = n + 1 tokens.
        String[] words = {"Omar", "Hugo", "Elif", "Grace", "Ben", "Farid", "Mika", "Nora", "Dana", "Kemal", "Lena", "Jonas"};
        Random r = new Random(1);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < examples; i++) {
            lines.add("{\"prompt\":\"" + sentence(r, words, 255) + "\",\"completion\":\"" + sentence(r, words, 63)
                    + "\",\"exampleId\":\"bench-" + i + "\"}");
        }
        Files.write(dir.resolve("train.jsonl"), lines);
    }

    private static String sentence(Random r, String[] words, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(i == 0 ? "" : " ").append(words[r.nextInt(words.length)]);
        }
        return text.toString();
    }
}
