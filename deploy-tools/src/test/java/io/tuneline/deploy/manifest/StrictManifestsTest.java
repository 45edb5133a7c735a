package io.tuneline.deploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrictManifestsTest {

    @TempDir
    Path work;

    @Test
    void wellFormedObjectsOfSeveralKindsPass() throws IOException {
        StrictManifests.Result result = StrictManifests.check(write("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      securityContext: {runAsNonRoot: true, runAsUser: 185}
                      containers:
                        - name: c
                          image: i
                          resources: {requests: {memory: 512Mi, nvidia.com/gpu: 1}}
                          securityContext: {readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: n}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress: []
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: h}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}
                  maxReplicas: 3
                ---
                """));

        assertThat(result.objects()).isEqualTo(3);
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void anUnknownFieldIsReportedWithItsPath() throws IOException {
        StrictManifests.Result result = StrictManifests.check(write("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                    - name: c
                      image: i
                      securityContext: {readOnlyRootFileSystem: true}
                """));

        assertThat(result.problems())
                .containsExactly("Pod/p: unknown field spec.containers[0].securityContext.readOnlyRootFileSystem");
    }

    @Test
    void aWrongTypeIsReportedWithItsPath() throws IOException {
        StrictManifests.Result result = StrictManifests.check(write("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec: {replicas: two}
                """));

        assertThat(result.problems()).singleElement().asString().startsWith("Deployment/d: spec.replicas: ");
    }

    @Test
    void anUnknownKindIsReported() throws IOException {
        StrictManifests.Result result = StrictManifests.check(write("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """));

        assertThat(result.problems()).containsExactly("Widget/w: unknown kind example.com/v1 Widget");
    }

    @Test
    void objectsInsideAJsonArrayAreEachChecked() throws IOException {
        StrictManifests.Result result = StrictManifests.check(write("""
                [{"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"},
                  "spec": {"template": {"spec": {"restartPolicy": "Never", "runtimeClass": "nvidia"}}}},
                 {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "v"}}]
                """));

        assertThat(result.objects()).isEqualTo(2);
        assertThat(result.problems()).containsExactly("Job/j: unknown field spec.template.spec.runtimeClass");
    }

    private Path write(String manifests) throws IOException {
        return Files.writeString(work.resolve("manifests.yaml"), manifests);
    }
}
