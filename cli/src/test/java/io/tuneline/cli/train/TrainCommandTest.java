package io.tuneline.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.cli.TunelineCli;
import io.tuneline.model.io.T5Checkpoint;
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
