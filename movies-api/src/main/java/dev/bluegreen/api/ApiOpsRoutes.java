package dev.bluegreen.api;

import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.StoreUnavailableException;
import dev.bluegreen.service.Hosts;
import dev.bluegreen.service.ServiceSettings;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What operators and load balancers ask: alive, ready (the store answers), which version, the banner. */
final class ApiOpsRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ApiOpsRoutes.class);

    private final MovieStore store;
    private final ServiceSettings settings;

    ApiOpsRoutes(MovieStore store, ServiceSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    void banner(Context ctx) {
        ctx.contentType("text/plain; charset=utf-8").result("Movies API " + settings.version() + " (instance "
                + settings.instanceId() + "): GET /Query?year=2013, /Query-name?title=Rush, /movies?q=rush, "
                + "/movies/{year}/{title}, /years, /health, /ready, /version, /metrics\n");
    }

    void health(Context ctx) throws Exception {
        Json.write(ctx, Map.of("status", "ok"));
    }

    void ready(Context ctx) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            store.checkReachable();
            body.put("status", "ready");
            body.put("store", store.describe());
        } catch (StoreUnavailableException e) {
            LOG.warn("not ready: {}", e.getMessage());
            ctx.status(503);
            body.put("status", "unavailable");
            body.put("message", MoviesApi.UNAVAILABLE);
        }
        Json.write(ctx, body);
    }

    void version(Context ctx) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", settings.name());
        body.put("version", settings.version());
        body.put("instance", settings.instanceId());
        body.put("host", Hosts.name());
        Json.write(ctx, body);
    }
}
