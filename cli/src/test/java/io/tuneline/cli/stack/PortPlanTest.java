package io.tuneline.cli.stack;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortPlanTest {

    @Test
    void aPortSomeoneListensOnIsNotFree() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(LoopbackPort.HOST))) {
            assertThat(LoopbackPort.isFree(taken.getLocalPort())).isFalse();
        }
    }

    @Test
    void aPickedPortIsFree() {
        assertThat(LoopbackPort.isFree(LoopbackPort.pickFree())).isTrue();
    }

    @Test
    void portZeroMeansAnyFreePort() {
        PortPlan plan = new PortPlan().assign(PortPlan.KAFKA, "--kafka-port", 0);

        assertThat(plan.port(PortPlan.KAFKA)).isPositive();
        assertThatCode(() -> plan.requireUsable(LoopbackPort::isFree)).doesNotThrowAnyException();
    }

    @Test
    void namesThePortAndTheOptionWhenAPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(LoopbackPort.HOST))) {
            PortPlan plan = new PortPlan()
                    .assign(PortPlan.S3, "--s3-port", 0)
                    .assign(Service.DATASET, "--dataset-port", taken.getLocalPort());

            assertThatThrownBy(() -> plan.requireUsable(LoopbackPort::isFree))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " for dataset-service is already in use (--dataset-port)")
                    .hasMessageContaining("--free-ports")
                    .hasMessageNotContaining("for s3");
        }
    }

    @Test
    void refusesOnePortForTwoProcesses() {
        PortPlan plan = new PortPlan()
                .assign(PortPlan.KAFKA, "--kafka-port", 19092)
                .assign(Service.EVAL, "--eval-port", 19092);

        assertThatThrownBy(() -> plan.requireUsable(port -> true))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("port 19092 is given to both kafka (--kafka-port) and eval-service (--eval-port)");
    }

    @Test
    void listsEveryProblemAtOnce() {
        PortPlan plan = new PortPlan()
                .assign(PortPlan.KAFKA, "--kafka-port", 19092)
                .assign(PortPlan.S3, "--s3-port", 19000);

        assertThatThrownBy(() -> plan.requireUsable(port -> false))
                .hasMessageContaining("port 19092 for kafka")
                .hasMessageContaining("port 19000 for s3");
    }

    @Test
    void refusesANumberThatIsNotAPort() {
        assertThatThrownBy(() -> new PortPlan().assign(Service.TRAINER, "--trainer-port", 70000))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("--trainer-port 70000 is not a TCP port");
    }
}
