package dev.bluegreen.web.site;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The site's Mustache templates, compiled at start-up (a syntax error or a missing partial fails then, naming the
 * template). Output is HTML-escaped; templates that could write unescaped output ({@code {{{x}}}}, {@code {{&x}}})
 * or change the delimiters (which would hide such tags from this check) are refused.
 */
final class Templates {

    static final String EXTENSION = ".mustache";
    /** The pages the front end renders; every site has them (its own or the built-in ones). */
    static final List<String> PAGES = List.of("home", "results", "movie", "error");
    static final List<String> BUILT_IN = List.of("home", "results", "movie", "error", "header", "footer", "forms",
            "movie-card", "movie-details");
    private static final List<String> FORBIDDEN = List.of("{{{", "{{&", "{{=");
    private static final long MAX_TEMPLATE_BYTES = 256 * 1024;

    private record Source(String text, String origin) {
    }

    private final Map<String, Mustache> pages;

    private Templates(Map<String, Mustache> pages) {
        this.pages = Map.copyOf(pages);
    }

    /** The built-in templates, then those of {@code dir/templates} (if any) over them, file by file. */
    static Templates load(Path dir) {
        Map<String, Source> sources = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            String file = name + EXTENSION;
            String origin = "built-in site: templates/" + file;
            sources.put(file, new Source(SiteFiles.utf8(SiteFiles.builtIn("templates/" + file), origin), origin));
        }
        Path root = dir == null ? null : dir.resolve("templates");
        if (root != null && Files.isDirectory(root)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(root, "*" + EXTENSION)) {
                for (Path file : files) {
                    String origin = file.toString();
                    sources.put(file.getFileName().toString(),
                            new Source(SiteFiles.utf8(SiteFiles.read(file, MAX_TEMPLATE_BYTES), origin), origin));
                }
            } catch (IOException e) {
                throw new SiteException(root + ": cannot list: " + e, e);
            }
        }
        sources.forEach((file, source) -> FORBIDDEN.forEach(tag -> {
            if (source.text().contains(tag)) {
                throw new SiteException(source.origin() + ": uses " + tag + "...}}, which is not allowed: every "
                        + "value must be HTML-escaped ({{name}}) and the delimiters must stay {{ }}");
            }
        }));
        DefaultMustacheFactory factory = new DefaultMustacheFactory(name -> {
            Source source = sources.get(name);
            return source == null ? null : new StringReader(source.text());
        });
        Map<String, Mustache> pages = new LinkedHashMap<>();
        for (String page : PAGES) {
            String file = page + EXTENSION;
            try {
                pages.put(page, factory.compile(file));
            } catch (RuntimeException e) {
                throw new SiteException(sources.get(file).origin() + ": " + e.getMessage(), e);
            }
        }
        return new Templates(pages);
    }

    /** Renders a page; names are looked up in the scopes from the last to the first. */
    String render(String page, List<Object> scopes) {
        Mustache mustache = pages.get(page);
        if (mustache == null) {
            throw new IllegalArgumentException("no page template " + page);
        }
        StringWriter out = new StringWriter();
        try {
            mustache.execute(out, scopes).flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
