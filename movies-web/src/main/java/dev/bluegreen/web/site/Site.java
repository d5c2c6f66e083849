package dev.bluegreen.web.site;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * How the front end looks and what it says: {@code site.properties}, Mustache templates and static files, read
 * and checked once at start-up so that a broken site fails the start of a new version, not its first visitor.
 *
 * <p>Layout of a site directory (every part but {@code site.properties} optional, file by file: a template or
 * static file the directory lacks is taken from the built-in site):
 * <pre>
 * site.properties        required keys: heading, version.label, colour.name, colour.background
 * templates/*.mustache   home, results, movie, error, and the partials header, footer, forms, movie-card
 * static/**              served under /static/ (style.css, no-poster.svg, images, fonts)
 * </pre>
 */
public final class Site {

    private final String origin;
    private final SiteProperties properties;
    private final Templates templates;
    private final StaticFiles staticFiles;

    private Site(String origin, SiteProperties properties, Templates templates, StaticFiles staticFiles) {
        this.origin = origin;
        this.properties = properties;
        this.templates = templates;
        this.staticFiles = staticFiles;
    }

    /** The site built into the jar. */
    public static Site builtIn() {
        String file = "built-in site: " + SiteProperties.FILE;
        String text = SiteFiles.utf8(SiteFiles.builtIn(SiteProperties.FILE), file);
        return new Site("built-in", SiteProperties.parse(properties(text, file), file), Templates.load(null),
                StaticFiles.load(null));
    }

    /** The site in {@code dir}, or the built-in one when {@code dir} is null. */
    public static Site load(Path dir) {
        if (dir == null) {
            return builtIn();
        }
        if (!Files.isDirectory(dir)) {
            throw new SiteException(dir + ": site directory does not exist or is not a directory");
        }
        Path file = dir.resolve(SiteProperties.FILE);
        String text;
        try {
            text = SiteFiles.utf8(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new SiteException(file + ": missing; a site directory must have its own " + SiteProperties.FILE
                    + " (at least heading, version.label, colour.name, colour.background)");
        } catch (IOException e) {
            throw new SiteException(file + ": cannot read: " + e, e);
        }
        SiteProperties properties = SiteProperties.parse(properties(text, file.toString()), file.toString());
        return new Site(dir.toString(), properties, Templates.load(dir), StaticFiles.load(dir));
    }

    private static Properties properties(String text, String file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed \\uXXXX escape
            throw new SiteException(file + ": malformed: " + e.getMessage(), e);
        }
        return properties;
    }

    /** Renders one of the pages (home, results, movie, error) with these scopes, the last one looked up first. */
    public String render(String page, List<Object> scopes) {
        return templates.render(page, scopes);
    }

    public SiteProperties properties() {
        return properties;
    }

    public StaticFiles staticFiles() {
        return staticFiles;
    }

    /** "built-in" or the directory it was read from. */
    public String origin() {
        return origin;
    }

    /** The colours of site.properties as a style sheet: the content security policy forbids inline styles. */
    public String themeCss() {
        return ":root {\n  --page-background: " + properties.background() + ";\n  --page-text: "
                + properties.textColour() + ";\n}\n";
    }
}
