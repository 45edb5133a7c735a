package io.tuneline.eval.service;

import io.tuneline.eval.evaluation.GenerationSettings;
import io.tuneline.evaluation.generation.ModelLoader;
import io.tuneline.evaluation.generation.T5TextGenerator;
import io.tuneline.model.generate.GenerationConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Real T5 checkpoints through model-core's batched KV-cache generation. */
@ApplicationScoped
public class T5GeneratorFactory implements GeneratorFactory {

    @Override
    public ModelLoader loader(GenerationSettings settings) {
        GenerationConfig config = GenerationConfig.builder()
                .maxNewTokens(settings.maxNewTokens())
                .numBeams(settings.numBeams())
                .build();
        return T5TextGenerator.loader(config, settings.batchSize());
    }
}
