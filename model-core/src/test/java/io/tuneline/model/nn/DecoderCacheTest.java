package io.tuneline.model.nn;

import io.tuneline.model.io.T5Checkpoint;
import static io.tuneline.model.testing.Fixtures.relativeError;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.tuneline.model.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Incremental decoding with the key/value cache must give the teacher-forced logits. */
class DecoderCacheTest {

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.FLAN_UNTIED, Fixtures.T5_V1})
    void stepByStepDecodingMatchesTeacherForcing(String fixture) {
        try (T5ForConditionalGeneration model = T5Checkpoint.load(Fixtures.t5(fixture));
                NDManager manager = model.manager().newSubManager()) {
            Map<String, NDArray> golden = Fixtures.goldens(fixture, manager);
            NDArray mask = golden.get("attention_mask");
            NDArray encoderHidden = model.encode(golden.get("input_ids"), mask, false);
            NDArray decoderInputIds = golden.get("decoder_input_ids");
            NDArray teacherForced = model.decode(decoderInputIds, encoderHidden, mask, null, false);
            long length = decoderInputIds.getShape().get(1);

            NDList steps = new NDList();
            try (DecoderCache cache = model.newCache()) {
                // a first call with several positions, then one position per call
                steps.add(model.decode(decoderInputIds.get(new NDIndex(":, 0:3")), encoderHidden, mask, cache, false));
                for (long t = 3; t < length; t++) {
                    steps.add(model.decode(decoderInputIds.get(new NDIndex(":, {}:{}", t, t + 1)), encoderHidden,
                            mask, cache, false));
                }
                assertThat(cache.length()).isEqualTo(length);
            }
            double error = relativeError(NDArrays.concat(steps, 1), teacherForced);
            System.out.printf("%s: cached decoding vs teacher forcing %.2e%n", fixture, error);
            assertThat(error).isLessThanOrEqualTo(1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.FLAN_UNTIED})
    void reorderSelectsAndExpandsRowsOfSelfAndCrossAttention(String fixture) {
        try (T5ForConditionalGeneration model = T5Checkpoint.load(Fixtures.t5(fixture));
                NDManager manager = model.manager().newSubManager()) {
            Map<String, NDArray> golden = Fixtures.goldens(fixture, manager);
            NDArray mask = golden.get("attention_mask");
            NDArray encoderHidden = model.encode(golden.get("input_ids"), mask, false);
            NDArray decoderInputIds = golden.get("decoder_input_ids").get(new NDIndex(":, 0:6"));
            NDArray rows = manager.create(new long[] {2, 2, 0, 1});
            NDArray expected = model.decode(decoderInputIds.get(new NDIndex("{}", rows)),
                    encoderHidden.get(new NDIndex("{}", rows)), mask.get(new NDIndex("{}", rows)), null, false)
                    .get(new NDIndex(":, 5:6"));
            try (DecoderCache cache = model.newCache()) {
                model.decode(decoderInputIds.get(new NDIndex(":, 0:5")), encoderHidden, mask, cache, false);
                cache.reorder(rows);
                // after reordering, the encoder output is only needed through the cache
                NDArray last = model.decode(decoderInputIds.get(new NDIndex("{}, 5:6", rows)), null,
                        mask.get(new NDIndex("{}", rows)), cache, false);
                assertThat(relativeError(last, expected)).isLessThanOrEqualTo(1e-5);
            }
        }
    }
}
