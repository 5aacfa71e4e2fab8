package io.tokenpress.serdes.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry 2.4.2 (built by {@code test-support/apicurio-registry}) in a separate process on a
 * free port with in-memory storage. Its Confluent-compatible API is at {@link #ccompatUrl()}.
 */
public final class ApicurioRegistry implements AutoCloseable {
    /** System property naming the runner jar (set by the serdes pom for Failsafe). */
    public static final String RUNNER_PROPERTY = "tokenpress.apicurio.runner";

    private final Process process;
    private final int port;
    private final Thread shutdownHook;

    private ApicurioRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
        this.shutdownHook = new Thread(process::destroyForcibly, "apicurio-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the registry and waits until its API answers.
     *
     * @throws IllegalStateException if the runner jar is missing or the registry does not come up in time
     */
    public static ApicurioRegistry start(Path logFile) throws IOException, InterruptedException {
        String runner = System.getProperty(RUNNER_PROPERTY, "");
        if (runner.isEmpty() || !Files.isRegularFile(Path.of(runner))) {
            throw new IllegalStateException("Apicurio Registry runner jar not found at '" + runner + "' (system property "
                    + RUNNER_PROPERTY + "); build it first: mvn -B package -f test-support/apicurio-registry/pom.xml");
        }
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(logFile.getParent());
        Process p = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                        "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-jar", runner))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        ApicurioRegistry registry = new ApicurioRegistry(p, port);
        try {
            registry.awaitReady(Duration.ofSeconds(120), logFile);
        } catch (RuntimeException | InterruptedException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    private void awaitReady(Duration timeout, Path logFile) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<Void> res = http.send(HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (res.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Apicurio Registry did not answer within " + timeout + "; see " + logFile);
    }

    /** Base URL of the Confluent-compatible API. */
    public String ccompatUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
    }
}
