package io.tuneline.trainer.testing;

import io.tuneline.trainer.executor.RunExecutor;
import io.tuneline.trainer.executor.RunListener;
import io.tuneline.trainer.executor.WorkerLaunch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An executor that runs nothing: it records what it was asked to do, and the test plays the worker by calling the
 * {@link RunListener} it was given.
 */
public final class ScriptedExecutor implements RunExecutor {

    private final String name;
    private final boolean servicePublishesEvents;
    private final List<WorkerLaunch> submitted = new CopyOnWriteArrayList<>();
    private final List<String> cancelled = new CopyOnWriteArrayList<>();

    private ScriptedExecutor(String name, boolean servicePublishesEvents) {
        this.name = name;
        this.servicePublishesEvents = servicePublishesEvents;
    }

    /** Like the local executor: the service publishes the run's events. */
    public static ScriptedExecutor local() {
        return new ScriptedExecutor("local", true);
    }

    /** Like the Kubernetes executor: the Job's worker publishes its own events to Kafka. */
    public static ScriptedExecutor kubernetes() {
        return new ScriptedExecutor("kubernetes", false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void submit(WorkerLaunch launch, RunListener listener) {
        submitted.add(launch);
    }

    @Override
    public boolean cancel(String runId) {
        cancelled.add(runId);
        return true;
    }

    @Override
    public boolean servicePublishesEvents() {
        return servicePublishesEvents;
    }

    public List<WorkerLaunch> submitted() {
        return List.copyOf(submitted);
    }

    public List<String> cancelled() {
        return List.copyOf(cancelled);
    }
}
