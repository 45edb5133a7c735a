package io.tuneline.storage;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * S3 over TLS behind a private CA ({@code TUNELINE_S3_CA_FILE}): against an HTTPS server whose certificate the JVM
 * does not trust, the client with the CA file completes the TLS handshake (the server then answers like a broken
 * S3 would), and without it the handshake fails.
 */
class TrustedCertificatesTest {

    @TempDir
    Path dir;
    private HttpsServer server;
    private Path caFile;
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void startHttpsServer() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        caFile = dir.resolve("ca.crt");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "s3", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "s3", "-keystore", keyStore.toString(), "-storepass",
                "changeit", "-file", caFile.toString());

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keyStore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "<Error><Code>AccessDenied</Code><Message>no</Message></Error>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theCaFileMakesTheStoreTrustedAndItsAbsenceDoesNot() {
        String endpoint = "https://127.0.0.1:" + server.getAddress().getPort();
        try (ObjectStore withCa = new ObjectStore(new S3Settings(endpoint, "k", "s", "us-east-1", caFile.toString()));
             ObjectStore withoutCa = new ObjectStore(new S3Settings(endpoint, "k", "s", "us-east-1"))) {
            // The server answers every request with 403: reaching it means the TLS handshake succeeded.
            assertThatThrownBy(() -> withCa.bucketExists("tuneline-probe"))
                    .satisfies(e -> assertThat(chain(e)).noneMatch(t -> t instanceof javax.net.ssl.SSLException));
            assertThat(requests.get()).isPositive();
            int seen = requests.get();
            assertThatThrownBy(() -> withoutCa.bucketExists("tuneline-probe"))
                    .satisfies(e -> assertThat(chain(e)).anyMatch(t -> t instanceof javax.net.ssl.SSLException));
            assertThat(requests.get()).isEqualTo(seen);
        }
    }

    @Test
    void aFileWithoutCertificatesIsAClearError() throws Exception {
        Path empty = java.nio.file.Files.writeString(dir.resolve("empty.crt"), "not a certificate");
        assertThatThrownBy(() -> TrustedCertificates.fromPem(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(empty.toString());
    }

    private static List<Throwable> chain(Throwable e) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }
}
