package dev.bluegreen.platform.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 standing for a task behind the load balancer: {@code /health} and {@code /ok}
 * answer 200, {@code /fail} 500, {@code /slow?ms=N} 200 after N milliseconds.
 */
final class Backend implements AutoCloseable {

    private final HttpServer server;

    Backend() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> answer(exchange, 200));
        server.createContext("/ok", exchange -> answer(exchange, 200));
        server.createContext("/fail", exchange -> answer(exchange, 500));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(Long.parseLong(exchange.getRequestURI().getQuery().replace("ms=", "")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200);
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
