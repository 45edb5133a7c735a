package io.tuneline.trainer.executor.kubernetes;

import io.tuneline.contracts.api.RunState;

/** What a Job and its Pods say about a run: a state, and for trouble a code and a reason from Kubernetes. */
public record JobObservation(RunState state, String errorCode, String reason) {

    public static final String UNSCHEDULABLE = "unschedulable";
    public static final String IMAGE_PULL = "image-pull-backoff";
    public static final String OOM_KILLED = "oom-killed";
    public static final String DEADLINE_EXCEEDED = "deadline-exceeded";
    public static final String BACKOFF_LIMIT_EXCEEDED = "backoff-limit-exceeded";
    public static final String JOB_FAILED = "job-failed";
    /** The worker failed for good (exit 1) and said why itself: its {@code TrainingFailed} has the details. */
    public static final String WORKER_FAILED = "worker-failed";
    /** The worker refused its arguments or spec (exit 2); it publishes nothing, so the service does. */
    public static final String WORKER_REFUSED = "worker-refused-spec";
    public static final String JOB_MISSING = "job-missing";
}
