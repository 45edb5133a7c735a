package io.tuneline.trainer.executor.kubernetes;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.Map;

/** trainer-service with the kubernetes executor, the test Job template and the overrides a GPU cluster sets. */
public class KubernetesExecutorProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "tuneline.trainer.executor", "kubernetes",
                "tuneline.trainer.kubernetes.job-template",
                Path.of("src/test/resources/k8s/job-template.yaml").toAbsolutePath().toString(),
                "tuneline.trainer.kubernetes.namespace", "tuneline",
                "tuneline.trainer.kubernetes.gpu-count", "1",
                "tuneline.trainer.kubernetes.runtime-class-name", "nvidia",
                "tuneline.trainer.kubernetes.backoff-limit", "2",
                "tuneline.trainer.kubernetes.active-deadline-seconds", "7200");
    }
}
