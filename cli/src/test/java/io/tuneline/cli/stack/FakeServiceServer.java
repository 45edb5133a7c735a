package io.tuneline.cli.stack;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * An HTTP server on loopback that answers like a Tuneline service: a scripted sequence of readiness answers, and a
 * fixed {@code /wiring} body. It records the requests it got, to check the launcher asked for a fresh check.
 */
final class FakeServiceServer implements AutoCloseable {

    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final List<String> requests = new ArrayList<>();

    FakeServiceServer(List<Answer> readinessAnswers, String wiringBody) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(LoopbackPort.HOST), 0), 0);
        Iterator<Answer> readiness = readinessAnswers.iterator();
        Answer[] lastReadiness = {new Answer(503, "{\"status\":\"DOWN\"}")};
        server.createContext(HealthWaiter.READINESS_PATH, exchange -> {
            if (readiness.hasNext()) {
                lastReadiness[0] = readiness.next();
            }
            respond(exchange, lastReadiness[0]);
        });
        server.createContext(WiringProbe.STATUS_PATH, exchange -> respond(exchange, new Answer(200, wiringBody)));
        server.start();
    }

    private synchronized void respond(com.sun.net.httpserver.HttpExchange exchange, Answer answer) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
