package io.tuneline.trainer.executor;

/**
 * Runs workers. Implementations return from {@link #submit} at once and report everything that happens to the
 * run through the {@link RunListener}, from their own threads.
 */
public interface RunExecutor {

    /** {@code local} or {@code kubernetes}; stored with each run. */
    String name();

    /** Starts (or queues) the worker of a run; one with checkpoints already (a service restart) resumes. */
    void submit(WorkerLaunch launch, RunListener listener);

    /** Stops the run's worker (kills the child, deletes the Job and its Pods); false if it is not running here. */
    boolean cancel(String runId);

    /** Whether this executor publishes the run's Kafka events itself (the Job's worker does for kubernetes). */
    boolean servicePublishesEvents();
}
