package io.tuneline.model.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tuneline.model.io.SafeTensorsFile;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Access to the Hugging Face reference checkpoints and goldens under {@code src/test/resources/t5}. */
public final class Fixtures {

    public static final String FLAN_UNTIED = "flan-t5-tiny-untied";
    public static final String T5_V1 = "t5-v1-tiny";
    public static final String TIED_NOSCALE = "t5-tied-noscale-tiny";
    public static final String BF16_SHARDED = "flan-t5-tiny-untied-bf16-sharded";
    public static final String FP16 = "flan-t5-tiny-untied-fp16";

    private Fixtures() {
    }

    public static Path t5(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/t5/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every tensor of a fixture's golden.safetensors, read into {@code manager}. */
    public static Map<String, NDArray> goldens(String fixture, NDManager manager) {
        SafeTensorsFile file = SafeTensorsFile.open(t5(fixture).resolve("golden.safetensors"));
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (String name : file.tensors().keySet()) {
            tensors.put(name, file.read(name, manager));
        }
        return tensors;
    }

    /** max|actual - expected| / max|expected|, the error measure the fixtures README defines. */
    public static double relativeError(NDArray actual, NDArray expected) {
        if (!actual.getShape().equals(expected.getShape())) {
            throw new AssertionError("shape " + actual.getShape() + " != expected " + expected.getShape());
        }
        double difference = actual.sub(expected).abs().max().getFloat();
        double scale = expected.abs().max().getFloat();
        return difference / scale;
    }
}
