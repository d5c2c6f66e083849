package dev.bluegreen.web.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a site directory: what falls back to the built-in site, and what fails at start-up, saying where. */
class SiteTest {

    static final String VALID = """
            heading=Blue Movies
            version.label=v2
            colour.name=green
            colour.background=#2E8B57
            """;

    @TempDir
    Path dir;

    Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    String render(Site site, String page) {
        return site.render(page, List.of(Map.of("site", site.properties(), "pageTitle", "T")));
    }

    @Test
    void the_built_in_site_has_defaults_for_every_optional_key() {
        Site site = Site.load(null);
        assertThat(site.origin()).isEqualTo("built-in");
        SiteProperties properties = site.properties();
        assertThat(properties.heading()).isEqualTo("Movies Database");
        assertThat(properties.versionLabel()).isEqualTo("built-in");
        assertThat(properties.pageSize()).isEqualTo(10);
        assertThat(properties.text()).containsKeys("intro", "footer");
        assertThat(site.staticFiles().get("style.css")).isPresent();
        assertThat(render(site, "home")).contains("<h1>Movies Database</h1>");
    }

    @Test
    void a_directory_with_only_site_properties_takes_every_file_from_the_built_in_site() throws IOException {
        write("site.properties", VALID);
        Site site = Site.load(dir);
        assertThat(site.origin()).isEqualTo(dir.toString());
        assertThat(site.properties().colourName()).isEqualTo("green");
        assertThat(site.properties().background()).isEqualTo("#2e8b57");
        assertThat(site.properties().lang()).isEqualTo("en");
        assertThat(site.properties().text()).isEmpty();
        assertThat(site.themeCss()).contains("--page-background: #2e8b57;", "--page-text: #000000;");
        assertThat(render(site, "home")).contains("<h1>Blue Movies</h1>").doesNotContain("class=\"intro\"");
        assertThat(site.staticFiles().get("no-poster.svg")).isPresent();
    }

    @Test
    void templates_and_static_files_of_the_directory_replace_or_add_to_the_built_in_ones() throws IOException {
        write("site.properties", VALID + "text.welcome=Welcome, <friend>!\nlang=fr-CA\n");
        write("templates/home.mustache", "{{> header}}<p id=\"w\">{{site.text.welcome}}</p>{{> banner-extra}}"
                + "{{> footer}}");
        write("templates/banner-extra.mustache", "<p>{{site.lang}}</p>");
        write("static/style.css", "body { font-size: 20px; }");
        write("static/img/logo.png", "png");
        write("static/.gitkeep", "");
        Site site = Site.load(dir);
        assertThat(render(site, "home")).contains("<p id=\"w\">Welcome, &lt;friend&gt;!</p>", "<p>fr-CA</p>",
                "<html lang=\"fr-CA\">");
        assertThat(new String(site.staticFiles().get("style.css").orElseThrow().bytes(), StandardCharsets.UTF_8))
                .contains("20px");
        assertThat(site.staticFiles().get("img/logo.png").orElseThrow().contentType()).isEqualTo("image/png");
        assertThat(site.staticFiles().get(".gitkeep")).isEmpty();
        assertThat(site.staticFiles().get("no-poster.svg")).isPresent();
    }

    @Test
    void a_directory_without_site_properties_or_that_is_missing_fails() throws IOException {
        assertThatThrownBy(() -> Site.load(dir)).isInstanceOf(SiteException.class)
                .hasMessage(dir.resolve("site.properties") + ": missing; a site directory must have its own "
                        + "site.properties (at least heading, version.label, colour.name, colour.background)");
        assertThatThrownBy(() -> Site.load(dir.resolve("nope"))).isInstanceOf(SiteException.class)
                .hasMessage(dir.resolve("nope") + ": site directory does not exist or is not a directory");
    }

    @Test
    void a_missing_or_malformed_value_fails_naming_the_file_and_the_key() throws IOException {
        Path file = dir.resolve("site.properties");
        Map<String, String> cases = Map.of(
                VALID.replace("version.label=v2\n", ""), "key 'version.label': missing (required)",
                VALID.replace("heading=Blue Movies", "heading=   "), "key 'heading': empty (required)",
                VALID.replace("#2E8B57", "green"), "key 'colour.background': expected a colour like #1f6feb or "
                        + "#fff, got \"green\"",
                VALID + "colour.nmae=blue\n", "key 'colour.nmae': unknown key (known: colour.background, "
                        + "colour.name, date.format, heading, lang, page.size, version.label, text.NAME)",
                VALID + "page.size=500\n", "key 'page.size': expected a whole number from 1 to 100, got \"500\"",
                VALID + "date.format=HH:mm\n", "key 'date.format': not a date pattern",
                VALID + "lang=not a language\n", "key 'lang': expected a language tag like en or en-GB",
                VALID + "text.Intro=x\n", "key 'text.Intro': a text name is lower-case letters, digits and _",
                VALID.replace("v2", "v2\\u0007"), "key 'version.label': contains control characters");
        for (var entry : cases.entrySet()) {
            Files.writeString(file, entry.getKey());
            assertThatThrownBy(() -> Site.load(dir)).as(entry.getValue()).isInstanceOf(SiteException.class)
                    .hasMessageStartingWith(file + ": " + entry.getValue());
        }
    }

    @Test
    void a_file_that_is_not_utf8_fails_naming_it() throws IOException {
        write("site.properties", VALID);
        Path template = write("templates/home.mustache", "x");
        Files.write(template, new byte[] {'h', (byte) 0xe9, 'l'});
        assertThatThrownBy(() -> Site.load(dir)).hasMessage(template + ": not valid UTF-8");
        Files.write(dir.resolve("site.properties"), (VALID + "heading=Cin\u00e9").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Site.load(dir)).hasMessage(dir.resolve("site.properties") + ": not valid UTF-8");
    }

    @Test
    void templates_that_could_write_unescaped_output_are_refused() throws IOException {
        write("site.properties", VALID);
        for (String text : List.of("{{{title}}}", "{{& title}}", "{{=<% %>=}}<%& title%>")) {
            Path template = write("templates/results.mustache", text);
            assertThatThrownBy(() -> Site.load(dir)).as(text).isInstanceOf(SiteException.class)
                    .hasMessageStartingWith(template + ": uses ").hasMessageContaining("must be HTML-escaped");
        }
    }

    @Test
    void a_broken_template_or_a_missing_partial_fails_at_start_up_naming_the_template() throws IOException {
        write("site.properties", VALID);
        Path template = write("templates/movie.mustache", "{{> header}}{{> no-such-partial}}");
        assertThatThrownBy(() -> Site.load(dir)).isInstanceOf(SiteException.class)
                .hasMessageStartingWith(template + ": ").hasMessageContaining("no-such-partial");
        write("templates/movie.mustache", "{{#movie}}unclosed");
        assertThatThrownBy(() -> Site.load(dir)).isInstanceOf(SiteException.class)
                .hasMessageStartingWith(template + ": ");
    }
}
