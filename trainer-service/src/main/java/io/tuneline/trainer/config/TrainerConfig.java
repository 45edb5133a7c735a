package io.tuneline.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything trainer-service reads from {@code tuneline.trainer.*}. */
@ConfigMapping(prefix = "tuneline.trainer")
public interface TrainerConfig {

    /** {@code local} (child JVMs, the embedded default) or {@code kubernetes} (one batch/v1 Job per run). */
    @WithDefault("local")
    String executor();

    Worker worker();

    Local local();

    Kubernetes kubernetes();

    Retraining retraining();

    /** How the worker is started: the same main class and arguments for a child JVM and for a Job's container. */
    interface Worker {

        /**
         * Class path of the child JVM. Unset: {@code lib/worker/*} next to the running application's
         * {@code quarkus-run.jar} (where the packaged app keeps the trainer-worker jars).
         */
        Optional<String> classpath();

        @WithDefault("io.tuneline.worker.WorkerMain")
        String mainClass();

        /**
         * trainer-worker's arguments; {@code {spec}}, {@code {runId}}, {@code {out}} and {@code {progress}} are
         * replaced per run. {@code {out}} is the run's checkpoint folder {@code s3://checkpoints-bucket/{runId}/}.
         * {@code --resume} always: the worker continues from a checkpoint if there is one, else starts.
         */
        @WithDefault("--spec,{spec},--run-id,{runId},--out,{out},--progress,{progress},--resume")
        List<String> args();

        /** JVM options of the child JVM. */
        @WithDefault("-Xmx4g")
        List<String> jvmOptions();
    }

    interface Local {

        /** Runs training at the same time; further runs wait in a queue (training saturates the CPU). */
        @WithDefault("1")
        int maxConcurrentRuns();

        /** Restarts of a worker that died without reporting an end; each restart resumes. */
        @WithDefault("3")
        int maxRestarts();

        /** Pause before the first restart; doubles for each further one. */
        @WithDefault("PT5S")
        Duration restartBackoff();

        /** Where each run's spec file and worker log are kept. */
        @WithDefault("${java.io.tmpdir}/tuneline-trainer")
        String workDir();
    }

    interface Kubernetes {

        /** The Job template the Helm chart mounts (env {@code TUNELINE_TRAINER_JOB_TEMPLATE}). */
        Optional<String> jobTemplate();

        /** Namespace of the Jobs; unset: the client's namespace. */
        Optional<String> namespace();

        /** Image of the Job's container; unset: the template's. */
        Optional<String> image();

        /**
         * Command of the Job's container, before the worker arguments. trainer-worker reads its spec from a file:
         * the default writes {@code TUNELINE_RUN_SPEC} (the spec JSON the trainer puts in the environment) to
         * {@code TUNELINE_RUN_SPEC_FILE} ({@link #specPath()}) and then runs the worker with the arguments.
         */
        @WithDefault("sh,-c,printf '%s' \"$TUNELINE_RUN_SPEC\" > \"$TUNELINE_RUN_SPEC_FILE\" && exec java $JAVA_OPTS -cp '/deployments/lib/worker/*' io.tuneline.worker.WorkerMain \"$@\",worker")
        List<String> command();

        /** Where the Job's command leaves the spec: the worker's {@code --spec}. */
        @WithDefault("/tmp/run-spec.json")
        String specPath();

        /** {@code nvidia.com/gpu} per Job (requests = limits); unset: the template's; 0 removes them. */
        Optional<Integer> gpuCount();

        @WithDefault("nvidia.com/gpu")
        String gpuResourceName();

        /** e.g. {@code nvidia} where the GPU nodes need the NVIDIA container runtime class. */
        Optional<String> runtimeClassName();

        /** Job retries by Kubernetes; unset: the template's. Each retry resumes from the last checkpoint. */
        Optional<Integer> backoffLimit();

        /** Upper bound of a run's wall time. */
        @WithDefault("172800")
        long activeDeadlineSeconds();

        /** Unset: the template's. */
        Optional<Integer> ttlSecondsAfterFinished();

        /** How often every active Job and its Pods are looked at (besides watch events). */
        @WithDefault("PT10S")
        Duration pollInterval();
    }

    /** The policy a dataset without its own gets. */
    interface Retraining {

        @WithDefault("false")
        boolean enabled();

        @WithDefault("100")
        long minNewExamples();

        @WithDefault("PT1H")
        Duration minInterval();

        /** Base model of the default spec template (a registered name, s3:// folder or local folder). */
        Optional<String> baseModel();

        @WithDefault("1")
        int epochs();
    }
}
