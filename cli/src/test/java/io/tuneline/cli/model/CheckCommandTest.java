package io.tuneline.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.tuneline.model.io.SafeTensorsFile;
import io.tuneline.model.io.SafeTensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"flan-t5-tiny-untied", "t5-v1-tiny", "t5-tied-noscale-tiny",
        "flan-t5-tiny-untied-bf16-sharded", "flan-t5-tiny-untied-fp16"})
    void everyFixtureAgreesWithItsGolden(String folder) {
        Path dir = Fixtures.T5.resolve(folder);

        Fixtures.Run run = Fixtures.model("check", "--model", dir.toString(), "--golden",
                dir.resolve("golden.safetensors").toString());

        assertThat(run.output()).doesNotContain("FAIL").contains("generate.greedy");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void longGenerationsAgreeWithTheirSettings() {
        Path dir = Fixtures.T5.resolve("flan-t5-tiny-untied");

        Fixtures.Run run = Fixtures.model("check", "--model", dir.toString(), "--golden",
                dir.resolve("generate_long.safetensors").toString());

        assertThat(run.output()).contains("generate.beam5_ret3", "9/9 rows equal", "7 checked, 7 passed");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void aPerturbedWeightFailsTheCheck(@TempDir Path temp) throws IOException {
        Path original = Fixtures.T5.resolve("flan-t5-tiny-untied");
        try (Stream<Path> files = Files.list(original)) {
            for (Path file : files.toList()) {
                Files.copy(file, temp.resolve(file.getFileName()));
            }
        }
        perturb(temp.resolve("model.safetensors"), "decoder.block.1.layer.2.DenseReluDense.wo.weight");

        Fixtures.Run run = Fixtures.model("check", "--model", temp.toString(), "--golden",
                temp.resolve("golden.safetensors").toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("FAIL");
    }

    /** Adds 1e-2 to one tensor of a safetensors file. */
    private static void perturb(Path file, String name) {
        try (NDManager manager = NDManager.newBaseManager()) {
            SafeTensorsFile tensors = SafeTensorsFile.open(file);
            Map<String, NDArray> all = new LinkedHashMap<>();
            for (String tensor : tensors.tensors().keySet()) {
                all.put(tensor, tensors.read(tensor, manager));
            }
            assertThat(all).containsKey(name);
            all.put(name, all.get(name).add(1e-2f));
            SafeTensorsWriter.write(file, all, DataType.FLOAT32);
        }
    }
}
