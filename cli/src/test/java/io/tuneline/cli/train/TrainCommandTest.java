package io.tuneline.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.cli.TunelineCli;
import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tuneline train} on the tiny FLAN-T5 fixture and 200 generated copy/reverse pairs. */
class TrainCommandTest {

    private static final String MODEL = "../model-core/src/test/resources/t5/flan-t5-tiny-untied";
    private static final String TRAIN = "src/test/resources/train/copy-reverse-train.jsonl";
    private static final String VALIDATION = "src/test/resources/train/copy-reverse-validation.jsonl";

    @TempDir
    Path dir;

    record Run(int exitCode, String err) {
    }

    private static Run train(String... args) {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new TunelineCli());
        command.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 1];
        full[0] = "train";
        System.arraycopy(args, 0, full, 1, args.length);
        return new Run(command.execute(full), err.toString());
    }

    @Test
    void trainsTheFixtureIntoAHuggingFaceFolderAndResumeContinuesTheSameOut() throws Exception {
        Path out = dir.resolve("copy-reverse");
        Run first = train("--base-model", MODEL, "--train", TRAIN, "--validation", VALIDATION, "--out", out.toString(),
                "--max-steps", "12", "--learning-rate", "3e-3", "--batch-size", "8", "--checkpoint-every", "5",
                "--seed", "3", "--optimizer", "adafactor");

        assertThat(first.exitCode()).as(first.err()).isZero();
        for (String file : new String[] {"config.json", "model.safetensors", "tokenizer.json",
            "generation_config.json"}) {
            assertThat(out.resolve("final").resolve(file)).exists();
        }
        try (T5ForConditionalGeneration model = T5Checkpoint.load(out.resolve("final"))) {
            assertThat(model.config().dModel()).isEqualTo(64);
        }
        assertThat(Files.readString(out.resolve("step-10/trainer_state/optimizer.json"))).contains("adafactor");

        Run again = train("--base-model", MODEL, "--train", TRAIN, "--out", out.toString(), "--max-steps", "12");
        assertThat(again.exitCode()).as("an out that holds a run needs --resume").isEqualTo(2);
        assertThat(again.err()).contains("pass --resume");

        Run resumed = train("--base-model", MODEL, "--train", TRAIN, "--validation", VALIDATION, "--out",
                out.toString(), "--max-steps", "12", "--learning-rate", "3e-3", "--batch-size", "8",
                "--checkpoint-every", "5", "--seed", "3", "--optimizer", "adafactor", "--resume");
        assertThat(resumed.exitCode()).as("a finished run is reported again").isZero();
    }

    @Test
    void methodLoraTrainsAPeftAdapterThatGenerateAndMergeTakeOnTheBase() throws Exception {
        Path out = dir.resolve("copy-reverse-lora");
        Run run = train("--base-model", MODEL, "--train", TRAIN, "--out", out.toString(), "--max-steps", "6",
                "--learning-rate", "1e-2", "--method", "lora", "--lora-r", "2", "--lora-alpha", "8",
                "--lora-dropout", "0.1", "--lora-targets", "q,v,wo");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path adapterDir = out.resolve("final");
        assertThat(adapterDir.resolve("model.safetensors")).doesNotExist();
        try (T5ForConditionalGeneration base = T5Checkpoint.load(Path.of(MODEL));
                LoraAdapter adapter = PeftAdapter.load(adapterDir, base.config())) {
            assertThat(adapter.config().r()).isEqualTo(2);
            assertThat(adapter.config().alpha()).isEqualTo(8.0);
            assertThat(adapter.config().dropout()).isEqualTo(0.1);
            assertThat(adapter.config().targetModules()).containsExactly("q", "v", "wo");
            assertThat(adapter.weights()).containsKey("decoder.block.0.layer.2.DenseReluDense.wo.lora_B.weight");
        }

        Run bad = train("--base-model", MODEL, "--train", TRAIN, "--out", dir.resolve("bad").toString(),
                "--method", "lora", "--lora-targets", "q,query");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("invalid run spec: lora.targetModules: unknown T5 module 'query'");
    }

    @Test
    void aBadSpecFieldIsAnErrorNamingTheFieldWithExitStatus2() throws Exception {
        Path spec = Files.writeString(dir.resolve("run.json"),
                "{\"baseModel\":\"" + MODEL + "\",\"train\":\"" + TRAIN + "\",\"precision\":\"float16\"}");

        Run run = train("--spec", spec.toString(), "--out", dir.resolve("out").toString(), "--learning-rate", "-1",
                "--optimizer", "sgd");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("invalid run spec: precision: float16 is refused for T5")
                .contains("invalid run spec: learningRate: must be positive")
                .contains("invalid run spec: optimizer: must be one of");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
