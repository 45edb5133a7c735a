package io.tuneline.trainer.executor.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.tuneline.contracts.api.RunState;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a training Job and its Pods into a run state with a reason a person can act on. The Job's own conditions
 * decide the end (Complete, Failed with DeadlineExceeded, BackoffLimitExceeded or PodFailurePolicy); the newest
 * Pod explains the time before (unschedulable for lack of GPUs, image not pullable, OOM-killed and being
 * retried).
 */
public final class JobStatusInterpreter {

    private static final Set<String> IMAGE_PULL_REASONS =
            Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull");

    private JobStatusInterpreter() {
    }

    public static JobObservation observe(Job job, List<Pod> pods) {
        if (job == null) {
            return new JobObservation(RunState.FAILED, JobObservation.JOB_MISSING,
                    "the training Job was deleted outside trainer-service");
        }
        Optional<Pod> newest = pods.stream().max(Comparator.comparing(
                pod -> pod.getMetadata().getCreationTimestamp() == null ? "" : pod.getMetadata().getCreationTimestamp()));
        Optional<String> oom = pods.stream().map(JobStatusInterpreter::oomKilled).flatMap(Optional::stream).findFirst();
        if (condition(job, "Complete").isPresent()) {
            return new JobObservation(RunState.SUCCEEDED, null, null);
        }
        Optional<JobCondition> failed = condition(job, "Failed");
        if (failed.isPresent()) {
            String reason = failed.get().getReason() == null ? "" : failed.get().getReason();
            String message = failed.get().getMessage() == null ? reason : reason + ": " + failed.get().getMessage();
            if (reason.equals("DeadlineExceeded")) {
                return new JobObservation(RunState.FAILED, JobObservation.DEADLINE_EXCEEDED, message);
            }
            if (reason.equals("PodFailurePolicy")) {
                // TrainingJobFactory's rule: the worker exited with a status a new attempt cannot change.
                String code = switch (newest.flatMap(JobStatusInterpreter::exitCode).orElse(-1)) {
                    case 1 -> JobObservation.WORKER_FAILED;
                    case 2 -> JobObservation.WORKER_REFUSED;
                    default -> JobObservation.JOB_FAILED;
                };
                return new JobObservation(RunState.FAILED, code, message);
            }
            if (oom.isPresent()) {
                return new JobObservation(RunState.FAILED, JobObservation.OOM_KILLED, oom.get() + "; " + message);
            }
            if (reason.equals("BackoffLimitExceeded")) {
                String lastExit = newest.flatMap(JobStatusInterpreter::terminated).map(t -> "; last container: " + t)
                        .orElse("");
                return new JobObservation(RunState.FAILED, JobObservation.BACKOFF_LIMIT_EXCEEDED, message + lastExit);
            }
            return new JobObservation(RunState.FAILED, JobObservation.JOB_FAILED, message);
        }
        if (newest.isEmpty()) {
            return new JobObservation(RunState.PENDING, null, "Job created, no Pod yet");
        }
        Pod pod = newest.get();
        Optional<PodCondition> unschedulable = podConditions(pod).stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                        && "Unschedulable".equals(c.getReason()))
                .findFirst();
        if (unschedulable.isPresent()) {
            return new JobObservation(RunState.PENDING, JobObservation.UNSCHEDULABLE,
                    "Unschedulable: " + unschedulable.get().getMessage());
        }
        for (ContainerStatus status : containerStatuses(pod)) {
            if (status.getState() != null && status.getState().getWaiting() != null
                    && IMAGE_PULL_REASONS.contains(status.getState().getWaiting().getReason())) {
                return new JobObservation(RunState.PENDING, JobObservation.IMAGE_PULL,
                        status.getState().getWaiting().getReason() + ": " + status.getImage() + " ("
                                + status.getState().getWaiting().getMessage() + ")");
            }
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Running".equals(phase)) {
            return new JobObservation(RunState.RUNNING, null, null);
        }
        if ("Failed".equals(phase)) {
            // The Job has retries left (no Failed condition yet): Kubernetes starts a new Pod, which resumes.
            return new JobObservation(RunState.RESTARTING, oom.isPresent() ? JobObservation.OOM_KILLED
                    : JobObservation.JOB_FAILED, oom.orElseGet(() -> "Pod " + pod.getMetadata().getName()
                    + " failed" + terminated(pod).map(t -> ": " + t).orElse("")) + "; Kubernetes retries it");
        }
        return new JobObservation(RunState.PENDING, null, "Pod " + (phase == null ? "created" : phase));
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private static Optional<String> oomKilled(Pod pod) {
        return containerStatuses(pod).stream()
                .filter(s -> s.getState() != null && s.getState().getTerminated() != null
                        && "OOMKilled".equals(s.getState().getTerminated().getReason()))
                .map(s -> "OOMKilled: container " + s.getName() + " of Pod " + pod.getMetadata().getName()
                        + " ran out of memory (exit code " + s.getState().getTerminated().getExitCode()
                        + "); raise trainer.job.resources.limits.memory or lower batchSize")
                .findFirst();
    }

    private static Optional<String> terminated(Pod pod) {
        return containerStatuses(pod).stream()
                .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
                .map(s -> s.getState().getTerminated())
                .map(t -> "exit code " + t.getExitCode() + (t.getReason() == null ? "" : " (" + t.getReason() + ")"))
                .findFirst();
    }

    private static Optional<Integer> exitCode(Pod pod) {
        return containerStatuses(pod).stream()
                .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
                .map(s -> s.getState().getTerminated().getExitCode())
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    private static List<PodCondition> podConditions(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of()
                : pod.getStatus().getConditions();
    }

    private static List<ContainerStatus> containerStatuses(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? List.of()
                : pod.getStatus().getContainerStatuses();
    }
}
