package dev.bluegreen.cli.movies;

import dev.bluegreen.cli.UserError;
import dev.bluegreen.service.ServiceSettings;
import dev.bluegreen.web.MoviesWeb;
import dev.bluegreen.web.WebSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "web", mixinStandardHelpOptions = true,
        description = "Run the movies web front end against one or more API instances.",
        footer = {"", "Examples:",
                "  bluegreen web --api http://127.0.0.1:5000            on 127.0.0.1:8000",
                "  bluegreen web --port 8080 --api http://127.0.0.1:5001,http://127.0.0.1:5002",
                "  bluegreen web --api http://127.0.0.1:5000 --site ./my-site   your own look and texts"})
public final class WebCommand implements Callable<Integer> {

    @Mixin
    ServeOptions serve;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000",
            description = "port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--api", paramLabel = "URL[,URL...]", required = true,
            description = "base URL of the movies API; several are used in turn, and a failed connection is "
                    + "retried on the next")
    String apis;

    @Option(names = "--site", paramLabel = "DIR",
            description = "site directory with site.properties, templates/ and static/ (default: the built-in "
                    + "site)")
    Path site;

    @Option(names = "--side", paramLabel = "NAME",
            description = "the blue/green side this instance serves (blue, green), shown on every page and in "
                    + "/version (default: $BLUEGREEN_SIDE, else none)")
    String side;

    @Override
    public Integer call() {
        ServiceSettings settings = serve.settings("movies-web", port, "web");
        WebSettings withoutSide;
        try {
            withoutSide = WebSettings.of(WebSettings.parseApis(apis), site);
        } catch (IllegalArgumentException e) {
            throw new UserError("--api: " + e.getMessage());
        }
        String chosenSide = side != null ? side : System.getenv("BLUEGREEN_SIDE");
        WebSettings web;
        try {
            web = withoutSide.withSide(chosenSide == null || chosenSide.isBlank() ? null : chosenSide);
        } catch (IllegalArgumentException e) {
            throw new UserError("--side: " + e.getMessage());
        }
        return Serving.run(() -> MoviesWeb.start(settings, web));
    }
}
