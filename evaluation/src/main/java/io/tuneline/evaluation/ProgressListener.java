package io.tuneline.evaluation;

/** Progress of an evaluation: which system or held-out task is generating, and how far it is. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (phase, done, total) -> { };

    /**
     * @param phase what is generating, e.g. {@code "base 3-shot"} or {@code "candidate on sentiment"}
     * @param done  prompts finished in this phase
     * @param total prompts in this phase
     */
    void progress(String phase, int done, int total);
}
