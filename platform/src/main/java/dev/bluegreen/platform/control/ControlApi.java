package dev.bluegreen.platform.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.platform.dashboard.DashboardAssets;
import dev.bluegreen.platform.dashboard.TrafficHistory;
import dev.bluegreen.service.ErrorRenderer;
import dev.bluegreen.service.HttpProblem;
import dev.bluegreen.service.ServiceHost;
import dev.bluegreen.service.ServiceSettings;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform's control API (JSON): on loopback anyone on this machine may read the status; every change needs
 * the token from the data directory as {@code Authorization: Bearer <token>}, else 401; bound beyond this machine,
 * reads need it too ({@link ControlAccess}, which also refuses other hosts' names and other pages' changes).
 * Refusals (a flip when the other side is unhealthy, say) are 409 with the reason; mistakes are 400. It also
 * serves the dashboard, a page that only reads and asks this API (at {@code /}), and the traffic history its charts
 * draw.
 */
public final class ControlApi {

    static final int MAX_SCALE = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ControlPlane plane;
    private final ControlAccess access;
    private final TrafficHistory traffic;
    private final DashboardAssets dashboard = DashboardAssets.load();

    private ControlApi(ControlPlane plane, ControlAccess access, TrafficHistory traffic) {
        this.plane = plane;
        this.access = access;
        this.traffic = traffic;
    }

    /** Whether an API bound to {@code host} is reachable from other machines, so that reads need the token too. */
    public static boolean readsNeedToken(String host) {
        return ControlAccess.beyondThisMachine(host);
    }

    /** Without a load balancer to sample: {@code /api/traffic} stays empty. */
    public static ServiceHost start(ServiceSettings settings, ControlPlane plane, Token token) {
        return start(settings, plane, token, new TrafficHistory(Clock.systemUTC()));
    }

    /** @param traffic the history {@code /api/traffic} serves, sampled by whoever owns the load balancer */
    public static ServiceHost start(ServiceSettings settings, ControlPlane plane, Token token,
                                    TrafficHistory traffic) {
        ControlApi api = new ControlApi(plane, new ControlAccess(settings.host(), token), traffic);
        return ServiceHost.start(settings, ErrorRenderer.json(), ControlApi::problem, api::routes);
    }

    private void routes(JavalinConfig config) {
        var routes = config.routes;
        routes.before(access::check);
        routes.get("/", dashboard::page);
        routes.get("/dashboard/{file}", dashboard::file);
        routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        routes.get("/api/traffic", ctx -> ctx.json(traffic.view()));
        routes.get("/api/status", ctx -> ctx.json(plane.status()));
        routes.post("/api/flip", ctx -> answer(ctx, plane.flip(actor(ctx))));
        routes.post("/api/rollback", ctx -> answer(ctx, plane.rollback(actor(ctx))));
        routes.post("/api/shift", ctx -> {
            String actor = actor(ctx);
            answer(ctx, plane.shift(text(ctx, "build", null, 100), percent(ctx), actor));
        });
        routes.post("/api/shutdown", ctx -> answer(ctx, plane.shutdown(actor(ctx))));
        routes.post("/api/services/{service}/scale", ctx -> {
            String actor = actor(ctx); // the token first: a stranger learns nothing, not even about the body
            answer(ctx, plane.scale(ctx.pathParam("service"), count(ctx), actor));
        });
        routes.get("/api/executions", ctx -> ctx.json(plane.executions(limit(ctx))));
        routes.get("/api/executions/{id}", ctx -> ctx.json(plane.execution(id(ctx))
                .orElseThrow(() -> noExecution(ctx))));
        routes.get("/api/executions/{id}/log", ctx -> ctx.contentType("text/plain; charset=utf-8")
                .result(plane.buildLog(id(ctx)).orElseThrow(() -> HttpProblem.notFound("execution #"
                        + ctx.pathParam("id") + " has no build log (yet)"))));
        routes.post("/api/deploy", ctx -> {
            String actor = actor(ctx);
            answer(ctx, plane.deploy(text(ctx, "ref", "main", 200), actor));
        });
        routes.post("/api/executions/{id}/approve", ctx -> {
            String actor = actor(ctx);
            answer(ctx, plane.approve(id(ctx), text(ctx, "tag", null, 100), actor));
        });
        routes.post("/api/executions/{id}/reject", ctx -> {
            String actor = actor(ctx);
            answer(ctx, plane.reject(id(ctx), text(ctx, "reason", "", 500), actor));
        });
    }

    private static long id(Context ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches("\\d{1,12}")) {
            throw HttpProblem.badRequest("an execution id is a number such as 12, got '" + id + "'");
        }
        return Long.parseLong(id);
    }

    private static HttpProblem noExecution(Context ctx) {
        return HttpProblem.notFound("there is no execution #" + ctx.pathParam("id"));
    }

    private static int limit(Context ctx) {
        String limit = ctx.queryParam("limit");
        if (limit == null) {
            return 20;
        }
        if (!limit.matches("\\d{1,3}") || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > 200) {
            throw HttpProblem.badRequest("limit must be a whole number from 1 to 200, got '" + limit + "'");
        }
        return Integer.parseInt(limit);
    }

    /** A string field of the JSON body; {@code fallback} null means the field is required. */
    private static String text(Context ctx, String field, String fallback, int maxLength) {
        JsonNode body;
        try {
            body = ctx.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(ctx.body());
        } catch (Exception e) {
            throw HttpProblem.badRequest("the body must be JSON such as {\"" + field + "\": \"...\"}");
        }
        JsonNode value = body == null ? null : body.get(field);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw HttpProblem.badRequest("'" + field + "' is required, as in {\"" + field + "\": \"...\"}");
            }
            return fallback;
        }
        if (!value.isTextual() || value.asText().length() > maxLength) {
            throw HttpProblem.badRequest("'" + field + "' must be a string of at most " + maxLength + " characters");
        }
        return value.asText();
    }

    /** Checks the token and names who asks (the CLI sends the user's name; it is only a label). */
    private String actor(Context ctx) {
        access.requireToken(ctx, "this needs the control token: send it as 'Authorization: Bearer <token>' (the "
                + "CLI reads it from the data directory's token file)");
        String actor = ctx.header("X-Bluegreen-Actor");
        return actor == null || actor.isBlank() ? "control-api" : actor.strip().replaceAll("[^\\w.@-]", "_");
    }

    private static int count(Context ctx) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (Exception e) {
            throw HttpProblem.badRequest("the body must be JSON such as {\"count\": 2}");
        }
        JsonNode count = body == null ? null : body.get("count");
        if (count == null || !count.isInt() || count.intValue() < 0 || count.intValue() > MAX_SCALE) {
            throw HttpProblem.badRequest("count must be a whole number from 0 to " + MAX_SCALE + ", as in "
                    + "{\"count\": 2}");
        }
        return count.intValue();
    }

    /** A shift's share: 1 to 100 % of production to the build on the test side (0 is a rollback's to ask). */
    private static int percent(Context ctx) {
        JsonNode percent;
        try {
            percent = JSON.readTree(ctx.body()).get("percent");
        } catch (Exception e) {
            percent = null;
        }
        if (percent == null || !percent.isInt() || percent.intValue() < 1 || percent.intValue() > 100) {
            throw HttpProblem.badRequest("percent must be a whole number from 1 to 100 (100 completes the release; "
                    + "to send everything back, roll back), as in {\"build\": \"b3-3f2a1c9\", \"percent\": 10}");
        }
        return percent.intValue();
    }

    private static void answer(Context ctx, Outcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("done", outcome.done());
        body.put("message", outcome.message());
        body.putAll(outcome.details());
        ctx.status(outcome.done() ? 200 : 409).json(body);
    }

    private static HttpProblem problem(Exception e) {
        if (e instanceof IllegalArgumentException) {
            return HttpProblem.badRequest(e.getMessage());
        }
        // the platform is starting or stopping: worth a retry, unlike a mistake
        return e instanceof IllegalStateException ? HttpProblem.unavailable(e.getMessage()) : null;
    }
}
