package dev.bluegreen.api;

import dev.bluegreen.movies.InvalidQueryException;
import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.StoreUnavailableException;
import dev.bluegreen.service.ErrorRenderer;
import dev.bluegreen.service.HttpProblem;
import dev.bluegreen.service.ServiceHost;
import dev.bluegreen.service.ServiceSettings;
import io.javalin.config.JavalinConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The movies REST API: every route in one table; handlers parse, ask the store, render. */
public final class MoviesApi {

    static final String UNAVAILABLE = "the movie database is unavailable; try again later (the API's log says why)";
    private static final Logger LOG = LoggerFactory.getLogger(MoviesApi.class);

    private final SeedRoutes seed;
    private final MovieRoutes movies;
    private final ApiOpsRoutes ops;
    private final ResponseCache cache;

    private MoviesApi(MovieStore store, ServiceSettings settings) {
        this.seed = new SeedRoutes(store);
        this.movies = new MovieRoutes(store);
        this.ops = new ApiOpsRoutes(store, settings);
        this.cache = new ResponseCache(store);
    }

    public static ServiceHost start(ServiceSettings settings, MovieStore store) {
        MoviesApi api = new MoviesApi(store, settings);
        return ServiceHost.start(settings, ErrorRenderer.json(), MoviesApi::problem, api::routes);
    }

    private void routes(JavalinConfig config) {
        var routes = config.routes;
        routes.get("/", ops::banner);
        // the seed's routes, so that its front end works unchanged
        routes.get("/Query", new JsonRoute(cache, seed::byYear));
        routes.get("/Query-name", new JsonRoute(cache, seed::byTitle));
        // our REST API
        routes.get("/movies", new JsonRoute(cache, movies::list));
        routes.get("/movies/{year}/<title>", new JsonRoute(cache, movies::one));
        routes.get("/years", new JsonRoute(cache, movies::years));
        // operations
        routes.get("/health", ops::health);
        routes.get("/ready", ops::ready);
        routes.get("/version", ops::version);
    }

    private static HttpProblem problem(Exception e) {
        if (e instanceof InvalidQueryException) {
            return HttpProblem.badRequest(e.getMessage());
        }
        if (e instanceof StoreUnavailableException) {
            // the detail (a file's path, the database's own error) is for the operator, not for every client
            LOG.warn("the movie database is unavailable: {}", e.getMessage());
            return HttpProblem.unavailable(UNAVAILABLE);
        }
        return null;
    }
}
