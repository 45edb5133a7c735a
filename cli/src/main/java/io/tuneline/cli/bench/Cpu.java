package io.tuneline.cli.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * CPU time used so far by the service (Micrometer's {@code process_cpu_time_ns_total} on its {@code /q/metrics}) and
 * by this benchmark's JVM. On a shared machine requests/s measure the share of the cores the service got; CPU time
 * per request measures the work, and the client's own share shows what it takes from a service on the same cores.
 */
record Cpu(double serviceNanos, double clientNanos) {

    private static final String SERVICE_CPU = "process_cpu_time_ns_total ";

    /** CPU per request between two readings, formatted in ms ("?" when the service does not report its CPU). */
    record PerRequest(String service, String client) {
    }

    static Cpu now(HttpClient http, URI service) {
        return new Cpu(serviceNanos(http, service), ownNanos());
    }

    PerRequest since(Cpu earlier, int requests) {
        return new PerRequest(perRequest(serviceNanos - earlier.serviceNanos, requests),
                perRequest(clientNanos - earlier.clientNanos, requests));
    }

    private static String perRequest(double nanos, int requests) {
        return Double.isNaN(nanos) || requests == 0 ? "?" : String.format(Locale.ROOT, "%.1f", nanos / 1e6 / requests);
    }

    private static double ownNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : Double.NaN;
    }

    /** NaN when the service has no such metric or does not answer (a secured service refuses anonymous callers). */
    private static double serviceNanos(HttpClient http, URI service) {
        try {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(service.resolve("/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (metrics.statusCode() != 200) {
                return Double.NaN;
            }
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith(SERVICE_CPU)) {
                    return Double.parseDouble(line.substring(SERVICE_CPU.length()).trim());
                }
            }
            return Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
