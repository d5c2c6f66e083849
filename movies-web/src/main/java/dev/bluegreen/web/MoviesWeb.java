package dev.bluegreen.web;

import dev.bluegreen.service.HttpProblem;
import dev.bluegreen.service.ServiceHost;
import dev.bluegreen.service.ServiceSettings;
import dev.bluegreen.web.api.ApiClient;
import dev.bluegreen.web.api.ApiException;
import dev.bluegreen.web.ops.WebOpsRoutes;
import dev.bluegreen.web.pages.Banner;
import dev.bluegreen.web.pages.HtmlErrorRenderer;
import dev.bluegreen.web.pages.PageRoutes;
import dev.bluegreen.web.site.Site;
import dev.bluegreen.web.site.SiteException;
import io.javalin.config.JavalinConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The movies front end: server-rendered pages (find by year, by title, free text, browse all) over the movie API,
 * styled by a site directory, every page naming the version, colour and instance that served it.
 *
 * <p>Routes: {@code /}, {@code /year?year=}, {@code /title?title=}, {@code /search?q=}, {@code /browse},
 * {@code /movie?year=&title=} (each results page takes {@code cursor} and {@code page} for paging),
 * {@code /static/...}, {@code /theme.css}, {@code /health}, {@code /ready}, {@code /version}, {@code /metrics}.
 */
public final class MoviesWeb {

    private static final Logger LOG = LoggerFactory.getLogger(MoviesWeb.class);

    private final PageRoutes pages;
    private final StaticRoutes statics;
    private final WebOpsRoutes ops;

    private MoviesWeb(PageRoutes pages, StaticRoutes statics, WebOpsRoutes ops) {
        this.pages = pages;
        this.statics = statics;
        this.ops = ops;
    }

    /**
     * Reads the site, then starts serving; stop it with {@link ServiceHost#close()}.
     *
     * @throws SiteException            if the site directory is unusable (the message names the file and key)
     * @throws IllegalArgumentException if the settings are (an API base URL that is not http(s), say)
     */
    public static ServiceHost start(ServiceSettings settings, WebSettings web) {
        Site site = Site.load(web.site());
        Banner banner = Banner.of(settings, site.properties(), web.side());
        ApiClient api = new ApiClient(web.apis(), web.connectTimeout(), web.requestTimeout());
        MoviesWeb app = new MoviesWeb(new PageRoutes(site, banner, api), new StaticRoutes(site),
                new WebOpsRoutes(api, settings, banner, site.origin()));
        LOG.info("{}: site {} (version {}, colour {}), movie API {}", settings.name(), site.origin(),
                site.properties().versionLabel(), site.properties().colourName(), web.apis());
        return ServiceHost.start(settings, new HtmlErrorRenderer(site, banner), MoviesWeb::problem, app::routes);
    }

    private void routes(JavalinConfig config) {
        var routes = config.routes;
        routes.before(SecurityHeaders::apply);
        routes.get("/", pages::home);
        routes.get("/year", pages::year);
        routes.get("/title", pages::title);
        routes.get("/search", pages::search);
        routes.get("/browse", pages::browse);
        routes.get("/movie", pages::movie);
        routes.get("/static/<path>", statics::file);
        routes.get("/theme.css", statics::theme);
        routes.get("/health", ops::health);
        routes.get("/ready", ops::ready);
        routes.get("/version", ops::version);
    }

    /** What the visitor is told when the API fails; the details (internal addresses) go to the log only. */
    private static HttpProblem problem(Exception e) {
        if (!(e instanceof ApiException failure)) {
            return null;
        }
        return switch (failure.kind()) {
            case REJECTED -> HttpProblem.badRequest(failure.getMessage());
            case NOT_FOUND -> HttpProblem.notFound(failure.getMessage());
            case UNREACHABLE -> logged(failure, new HttpProblem(502, "api_unreachable",
                    "The movie database service could not be reached. Please try again in a moment."));
            case BAD_ANSWER -> logged(failure, new HttpProblem(502, "api_bad_answer",
                    "The movie database service gave an answer this site cannot use. Please try again in a "
                            + "moment."));
            case UNAVAILABLE -> logged(failure, new HttpProblem(503, "api_unavailable",
                    "The movie database is unavailable right now. Please try again in a moment."));
        };
    }

    private static HttpProblem logged(ApiException failure, HttpProblem problem) {
        LOG.warn("answering {}: {}", problem.status(), failure.getMessage());
        return problem;
    }
}
