package io.tuneline.eval.service;

import io.tuneline.eval.evaluation.GenerationSettings;
import io.tuneline.eval.evaluation.ScoredExample;
import io.tuneline.eval.evaluation.TestExample;

import java.nio.file.Path;
import java.util.List;

/**
 * Generates with one model folder and scores every prediction on every metric — the one place that touches model
 * weights, so the service's logic (what is compared with what, the gate, storage, events) is tested with a scripted
 * scorer.
 */
public interface ModelScorer {

    /**
     * @param modelDir a Hugging Face model folder
     * @param examples prompts and their references
     * @return one scored example per input example, in the same order
     */
    List<ScoredExample> score(Path modelDir, List<TestExample> examples, GenerationSettings settings);
}
