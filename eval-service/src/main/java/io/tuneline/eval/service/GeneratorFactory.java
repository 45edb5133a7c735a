package io.tuneline.eval.service;

import io.tuneline.eval.evaluation.GenerationSettings;
import io.tuneline.evaluation.generation.ModelLoader;

/**
 * Opens model folders for generation with an evaluation's settings — the one place that touches model weights, so
 * tests replace it with scripted models and check the service's logic (what is compared with what, the gate,
 * storage, events) on real ROUGE without weights.
 */
public interface GeneratorFactory {

    ModelLoader loader(GenerationSettings settings);
}
