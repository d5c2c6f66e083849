package dev.bluegreen.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * nginx as a reverse proxy to one upstream on loopback, run as our own process (a generated configuration in a
 * directory of its own, in the foreground) so that it is compared with our load balancer on the same terms and
 * always stopped with the benchmark. Tuned as one would for this: two workers, kept-alive upstream connections,
 * no access log, response buffers large enough that no answer of the API spills to a temporary file. It sends the
 * targets what our load balancer sends them (the client's Host, {@code X-Forwarded-For/-Proto/-Port/-Host}, as an
 * ALB does), so that both do the same work and the tasks read the same requests.
 */
final class Nginx implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;

    private final Thread cleanUpOnExit;

    private Nginx(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        // a benchmark stopped with Ctrl-C leaves no nginx behind
        cleanUpOnExit = new Thread(() -> processes().forEach(ProcessHandle::destroyForcibly), "bench-nginx-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanUpOnExit);
    }

    static void check() {
        try {
            new ProcessBuilder("nginx", "-v").redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("nginx is needed: apt-get install -y nginx");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts nginx on a free loopback port, proxying everything to 127.0.0.1 on these ports (round-robin, nginx's
     * default, when there are several).
     */
    static Nginx start(Path dir, int... upstreamPorts) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("temp"));
        int port = Bluegreen.freePort();
        Files.writeString(dir.resolve("nginx.conf"), config(dir, port, upstreamPorts));
        Path log = dir.resolve("nginx.out");
        // -e: the error log from the first line on, not the system's /var/log/nginx/error.log
        Process process = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        Nginx nginx = new Nginx(dir, port, process);
        try {
            nginx.awaitListening(log);
        } catch (IOException | RuntimeException e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    int port() {
        return port;
    }

    /** The master and its workers. */
    List<ProcessHandle> processes() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    }

    /** The nginx way of switching: rewrite the upstream, then {@code nginx -s reload}; returns when that returns. */
    void switchUpstream(int upstreamPort) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("nginx.conf"), config(dir, port, upstreamPort));
        Process reload = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString(), "-s", "reload").redirectErrorStream(true).start();
        String out = new String(reload.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (reload.waitFor() != 0) {
            throw new IOException("nginx -s reload failed: " + out);
        }
    }

    private static String config(Path dir, int port, int... upstreamPorts) {
        StringBuilder servers = new StringBuilder();
        for (int upstreamPort : upstreamPorts) {
            servers.append("        server 127.0.0.1:").append(upstreamPort).append(";\n");
        }
        return """
                daemon off;
                master_process on;
                worker_processes 2;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                    keepalive_requests 1000000;
                    upstream backend {
                %3$s        keepalive 64;
                    }
                    server {
                        listen 127.0.0.1:%2$d;
                        location / {
                            proxy_pass http://backend;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $http_host;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_set_header X-Forwarded-Port $server_port;
                            proxy_set_header X-Forwarded-Host $http_host;
                            proxy_buffer_size 16k;
                            proxy_buffers 16 64k;
                            proxy_busy_buffers_size 128k;
                        }
                    }
                }
                """.formatted(dir, port, servers);
    }

    private void awaitListening(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited: " + Files.readString(log)
                        + readIfExists(dir.resolve("error.log")));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(10);
            }
        }
        throw new IOException("nginx did not listen on " + port);
    }

    private static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Fast shutdown (SIGTERM to the master, which stops its workers); SIGKILL to all of them if it lingers. */
    @Override
    public void close() throws InterruptedException {
        var workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        workers.forEach(ProcessHandle::destroyForcibly);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUpOnExit);
        } catch (IllegalStateException exiting) {
            // the hook is running already
        }
    }
}
