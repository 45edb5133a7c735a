package io.tuneline.evaluation.generation;

import java.nio.file.Path;

/** Opens a model folder for generation; the evaluator closes each generator when done with it. */
@FunctionalInterface
public interface ModelLoader {

    TextGenerator open(Path modelDir);
}
