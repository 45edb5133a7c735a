package io.tuneline.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tuneline.model.config.LoraConfig;
import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    private static final String MODEL = Fixtures.T5.resolve("flan-t5-tiny-untied").toString();

    @Test
    void printsTheTextHuggingFaceGeneratesAndItsIds() throws Exception {
        Fixtures.Run run = Fixtures.model("generate", "--model", MODEL, "--max-new-tokens", "64", "--ids",
                Fixtures.firstPrompt("flan-t5-tiny-untied"));

        assertThat(run.exitCode()).isZero();
        // generate_long.json, greedy64, first prompt.
        assertThat(run.output().lines()).containsExactly(
                "Ben's booking does not turn on. Ben will reset the password.",
                "ids: 0 54 35 7 48 40 3 12 11 9 7 3 15 11 8 3 8 26 6 15 3 11 15 4 54 3 58 68 42 8 27 9 46 4 1");
    }

    @Test
    void generatesSeveralBeamsForEachPromptOfABatch() throws Exception {
        String prompt = Fixtures.firstPrompt("flan-t5-tiny-untied");

        Fixtures.Run run = Fixtures.model("generate", "--model", MODEL, "--num-beams", "5",
                "--num-return-sequences", "3", "--early-stopping", "true", prompt, "Summarize: nothing happened.");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output().lines()).hasSize(6);
        // generate_long.json, beam5_ret3, first prompt.
        assertThat(run.output().lines().limit(3)).containsExactly(
                "[1.1] Ben's booking does not turn on. Ben will reset the password.",
                "[1.2] Ben's booking does not turn on. Ines will reset the password.",
                "[1.3] Ben's booking does not turn on. Jonas will reset the password.");
        assertThat(run.output().lines().skip(3)).allSatisfy(line -> assertThat(line).startsWith("[2."));
    }

    @Test
    void samplingWithTheSameSeedPrintsTheSameText() throws Exception {
        String prompt = Fixtures.firstPrompt("flan-t5-tiny-untied");
        String[] args = {"generate", "--model", MODEL, "--do-sample", "--top-k", "0", "--temperature", "1.5",
            "--seed", "5", prompt};

        Fixtures.Run first = Fixtures.model(args);
        Fixtures.Run second = Fixtures.model(args);

        assertThat(first.exitCode()).isZero();
        assertThat(second.output()).isEqualTo(first.output());
        args[9] = "6";
        assertThat(Fixtures.model(args).output()).as("another seed samples other text").isNotEqualTo(first.output());
    }

    @Test
    void anAdapterGeneratesWhatItsMergedCheckpointGenerates(@TempDir Path temp) throws Exception {
        Path adapterDir = temp.resolve("adapter");
        try (T5ForConditionalGeneration base = T5Checkpoint.load(Path.of(MODEL));
             LoraAdapter initial = LoraAdapter.initialize(base.config(),
                     new LoraConfig(4, 16, 0.0, List.of("q", "v", "wo"), "flan-t5-tiny-untied"), 3);
             NDManager manager = NDManager.newBaseManager()) {
            // B starts at zero (the adapter would change nothing): give it values so that it does
            Map<String, NDArray> weights = new LinkedHashMap<>();
            initial.weights().forEach((name, weight) -> weights.put(name, name.endsWith("lora_B.weight")
                    ? manager.randomNormal(0f, 0.5f, weight.getShape(), weight.getDataType()) : weight));
            PeftAdapter.save(new LoraAdapter(initial.config(), weights, manager), adapterDir);
        }
        String prompt = Fixtures.firstPrompt("flan-t5-tiny-untied");

        Fixtures.Run merge = Fixtures.model("merge", "--model", MODEL, "--adapter", adapterDir.toString(), "--out",
                temp.resolve("merged").toString());
        Fixtures.Run adapted = Fixtures.model("generate", "--model", MODEL, "--adapter", adapterDir.toString(),
                "--max-new-tokens", "24", "--ids", prompt);
        Fixtures.Run merged = Fixtures.model("generate", "--model", temp.resolve("merged").toString(),
                "--max-new-tokens", "24", "--ids", prompt);
        Fixtures.Run plain = Fixtures.model("generate", "--model", MODEL, "--max-new-tokens", "24", "--ids", prompt);

        assertThat(merge.exitCode()).isZero();
        assertThat(adapted.exitCode()).isZero();
        assertThat(adapted.output()).isEqualTo(merged.output());
        assertThat(adapted.output()).as("the adapter changes the output").isNotEqualTo(plain.output());
    }

    @Test
    void rejectsInvalidSettings() {
        Fixtures.Run run = Fixtures.model("generate", "--model", MODEL, "--num-beams", "2",
                "--num-return-sequences", "3", "a prompt");

        assertThat(run.exitCode()).isNotZero();
    }
}
