package dev.bluegreen.service;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.net.URI;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one HTTP service the way every service here runs: bound to the configured address (loopback by default),
 * with an access log, Prometheus metrics on {@code /metrics}, bounded request heads (414/431), one renderer for
 * every error (no stack trace ever reaches a client), and a graceful stop that refuses new connections and lets
 * requests in flight finish within the drain timeout.
 */
public final class ServiceHost implements AutoCloseable {

    /** Request line plus headers; beyond it Jetty answers 414 (line) or 431 (headers). */
    public static final int MAX_REQUEST_HEAD_BYTES = 8 * 1024;
    private static final int MAX_LOGGED_URI = 300;
    private static final long IDLE_CLOSE_ON_STOP_MS = 200;
    private static final int RESPONSE_BUFFER_BYTES = 64 * 1024;
    private static final String RENDERED = "bluegreen.error-rendered";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceHost.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("access");

    private final ServiceSettings settings;
    private final HttpMetrics metrics;
    private final Javalin app;
    private volatile boolean stopped;

    private ServiceHost(ServiceSettings settings, HttpMetrics metrics, Javalin app) {
        this.settings = settings;
        this.metrics = metrics;
        this.app = app;
    }

    /**
     * Starts the service; {@code routes} adds its routes to the prepared configuration; {@code problems} turns the
     * service's own exceptions into HTTP problems (null for "not mine": a 500 is logged and answered).
     */
    public static ServiceHost start(ServiceSettings settings, ErrorRenderer errors,
                                    Function<Exception, HttpProblem> problems, Consumer<JavalinConfig> routes) {
        HttpMetrics metrics = new HttpMetrics(settings.name());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.http.prefer405over404 = true;
            config.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
                // a whole answer (a year of movies is up to about 210 KB) fits in the buffer: it goes out with a
                // Content-Length in one write instead of in chunks
                http.setOutputBufferSize(RESPONSE_BUFFER_BYTES);
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                // movie titles contain slashes ("Face/Off"), which clients encode as %2F inside a path segment
                http.setUriCompliance(UriCompliance.DEFAULT.with("titles",
                        UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
            });
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(settings.drainTimeout().toMillis());
                // Javalin nests its handler inside this one; it counts requests in flight for a graceful stop
                GracefulHandler graceful = new GracefulHandler();
                // idle keep-alive connections are closed promptly on stop instead of holding it up
                graceful.setShutdownIdleTimeout(IDLE_CLOSE_ON_STOP_MS);
                server.setHandler(graceful);
                server.setErrorHandler(new RenderedErrorHandler(errors));
            });
            config.requestLogger.http((ctx, millis) -> {
                metrics.record(ctx.method().name(), routeOf(ctx), ctx.statusCode(), millis);
                // a passing health check every second from each checker would bury the requests worth reading
                boolean routineCheck = ctx.statusCode() == 200 && "/health".equals(ctx.path());
                if (!routineCheck && ACCESS.isInfoEnabled()) {
                    ACCESS.info("{} \"{} {}\" {} {}ms", ctx.ip(), ctx.method(), loggedUri(ctx), ctx.statusCode(),
                            String.format("%.1f", millis));
                }
            });
            config.routes.exception(HttpProblem.class, (e, ctx) -> render(ctx, errors, e.status(), e.error(),
                    e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> render(ctx, errors, e.getStatus(),
                    errorCode(e.getStatus()), messageFor(ctx, e.getStatus(), e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                HttpProblem problem = problems.apply(e);
                if (problem != null) {
                    render(ctx, errors, problem.status(), problem.error(), problem.getMessage());
                    return;
                }
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                render(ctx, errors, 500, "internal", "the server failed to answer; see " + settings.name()
                        + "'s log");
            });
            for (int status : new int[] {404, 405}) {
                config.routes.error(status, "*", ctx -> {
                    if (ctx.attribute(RENDERED) == null) {
                        render(ctx, errors, status, errorCode(status), messageFor(ctx, status, null));
                    }
                });
            }
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            routes.accept(config);
        });
        app.start();
        ServiceHost host = new ServiceHost(settings, metrics, app);
        LOG.info("{} {} (instance {}) listening on {}", settings.name(), settings.version(), settings.instanceId(),
                host.uri());
        return host;
    }

    private static void render(Context ctx, ErrorRenderer errors, int status, String error, String message) {
        ErrorRenderer.Body body = errors.render(status, error, message);
        ctx.attribute(RENDERED, Boolean.TRUE);
        ctx.status(status).contentType(body.contentType()).result(body.text());
    }

    static String errorCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "error";
        };
    }

    private static String messageFor(Context ctx, int status, String fallback) {
        return switch (status) {
            case 404 -> "nothing at " + ctx.method() + " " + ctx.path() + "; GET / lists what is here";
            case 405 -> ctx.method() + " is not allowed on " + ctx.path() + "; use GET";
            default -> fallback == null ? "HTTP " + status : fallback;
        };
    }

    private static String routeOf(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    private static String loggedUri(Context ctx) {
        String query = ctx.queryString();
        String uri = query == null ? ctx.path() : ctx.path() + "?" + query;
        return uri.length() > MAX_LOGGED_URI ? uri.substring(0, MAX_LOGGED_URI) + "..." : uri;
    }

    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    public URI uri() {
        String host = AddressLiteral.parse(settings.host()).map(AddressLiteral::forUrl).orElse(settings.host());
        return URI.create("http://" + host + ":" + port());
    }

    public HttpMetrics metrics() {
        return metrics;
    }

    public ServiceSettings settings() {
        return settings;
    }

    /** Stops the service gracefully when the JVM is asked to stop (SIGTERM, Ctrl-C). */
    public ServiceHost stopOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, settings.name() + "-shutdown"));
        return this;
    }

    /** Stops accepting connections, waits for requests in flight (up to the drain timeout), then stops. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.info("{} stopping: draining requests in flight (up to {} s)", settings.name(),
                settings.drainTimeout().toSeconds());
        try {
            app.stop();
            LOG.info("{} stopped", settings.name());
        } catch (RuntimeException e) {
            // requests still running after the drain timeout were cut off; the stop itself is done
            LOG.warn("{} stopped without finishing every request within {} s: {}", settings.name(),
                    settings.drainTimeout().toSeconds(), e.getMessage());
        }
    }
}
