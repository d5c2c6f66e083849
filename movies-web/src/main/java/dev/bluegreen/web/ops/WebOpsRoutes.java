package dev.bluegreen.web.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.service.ServiceSettings;
import dev.bluegreen.web.api.ApiClient;
import dev.bluegreen.web.pages.Banner;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What operators and load balancers ask, in JSON like the API's: alive, ready (an API instance is ready: without
 * one every page would be an error page, so a load balancer should not send visitors here), which version.
 */
public final class WebOpsRoutes {

    /** A load balancer's health check must not hang on a hanging API. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiClient api;
    private final ServiceSettings settings;
    private final Banner banner;
    private final String siteOrigin;

    public WebOpsRoutes(ApiClient api, ServiceSettings settings, Banner banner, String siteOrigin) {
        this.api = api;
        this.settings = settings;
        this.banner = banner;
        this.siteOrigin = siteOrigin;
    }

    public void health(Context ctx) throws JsonProcessingException {
        write(ctx, Map.of("status", "ok"));
    }

    public void ready(Context ctx) throws JsonProcessingException {
        ApiClient.Readiness readiness = api.ready(READY_TIMEOUT);
        Map<String, Object> body = new LinkedHashMap<>();
        if (readiness.ready()) {
            body.put("status", "ready");
            body.put("api", readiness.readyApi().toString());
        } else {
            ctx.status(503);
            body.put("status", "unavailable");
            body.put("message", "no movie API instance is ready");
            body.put("apis", readiness.problems());
        }
        write(ctx, body);
    }

    public void version(Context ctx) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", settings.name());
        body.put("version", settings.version());
        body.put("instance", settings.instanceId());
        body.put("host", banner.host());
        body.put("address", banner.address());
        body.put("label", banner.version());
        body.put("colour", banner.colour());
        if (banner.side() != null) {
            body.put("side", banner.side());
        }
        body.put("site", siteOrigin);
        write(ctx, body);
    }

    private static void write(Context ctx, Object body) throws JsonProcessingException {
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/json").result(JSON.writeValueAsString(body));
    }
}
