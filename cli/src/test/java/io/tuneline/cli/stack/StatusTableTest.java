package io.tuneline.cli.stack;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusTableTest {

    @Test
    void alignsEveryColumnUnderItsHeader() {
        String table = StatusTable.render(List.of(
                new StatusTable.Row("kafka", 101, "127.0.0.1:9092", "READY", "-", "-", ".tuneline/logs/kafka.log"),
                new StatusTable.Row("dataset-service", 20345, "http://127.0.0.1:8081", "UP", "ok 12 ms", "ok 7 ms",
                        ".tuneline/logs/dataset-service.log")));

        assertThat(table.lines().toList()).containsExactly(
                "NAME             PID    URL                    HEALTH  KAFKA     S3       LOG",
                "kafka            101    127.0.0.1:9092         READY   -         -        .tuneline/logs/kafka.log",
                "dataset-service  20345  http://127.0.0.1:8081  UP      ok 12 ms  ok 7 ms  .tuneline/logs/dataset-service.log");
    }

    @Test
    void anEmptyTableIsItsHeader() {
        assertThat(StatusTable.render(List.of()).lines().toList())
                .containsExactly("NAME  PID  URL  HEALTH  KAFKA  S3  LOG");
    }
}
