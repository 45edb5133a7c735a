package io.tuneline.common.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies over {@code quarkus.http.limits.max-body-size} (default 10 MiB) are refused by the HTTP layer with a bare
 * 413 before any resource runs; a body of exactly the limit reaches the resource.
 */
@QuarkusTest
class BodyLimitTest {

    private static final int DEFAULT_LIMIT = 10 * 1024 * 1024;

    /** Declares one byte over the limit and sends none of it: the server answers from the headers alone. */
    @Test
    void aBodyOverTheLimitIsA413WithoutApiErrorBeforeTheResourceRuns() throws IOException {
        String response = post("/probe-errors/datasets/too-big", DEFAULT_LIMIT + 1, 0);

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).doesNotContainIgnoringCase("content-type: application/json");
    }

    @Test
    void aBodyOfExactlyTheLimitReachesTheResource() throws IOException {
        String response = post("/probe-errors/datasets/just-fits", DEFAULT_LIMIT, DEFAULT_LIMIT);

        assertThat(response).startsWith("HTTP/1.1 409"); // the probe resource's ApiError dataset-exists
    }

    /** Sends a POST declaring {@code declaredLength} bytes, {@code sentLength} of them; returns the response head. */
    private static String post(String path, int declaredLength, int sentLength) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + declaredLength
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            for (int sent = 0; sent < sentLength; sent += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, sentLength - sent));
            }
            out.flush();
            return readHead(socket.getInputStream());
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.append((char) b);
            if (head.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }
}
