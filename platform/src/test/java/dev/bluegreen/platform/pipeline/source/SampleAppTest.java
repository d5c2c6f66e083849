package dev.bluegreen.platform.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleAppTest {

    private static final List<String> FILES = List.of("README.md", "buildspec.yml", "checks.yml", "release.yml",
            "site/site.properties", "taskdef.json");

    @Test
    void lists_the_sample_apps_files_from_the_build_directory() {
        assertThat(SampleApp.paths()).containsExactlyElementsOf(FILES);
    }

    @Test
    void lists_and_copies_the_same_files_from_a_jar_without_directory_entries(@TempDir Path tmp) throws Exception {
        Path jar = jarOfPipelineClasses(tmp.resolve("platform.jar"));
        // The platform class loader as parent: SampleApp must come from the jar, not from target/classes.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> fromJar = loader.loadClass(SampleApp.class.getName());
            assertThat(fromJar.getProtectionDomain().getCodeSource().getLocation().getPath()).endsWith("platform.jar");

            assertThat(fromJar.getMethod("paths").invoke(null)).isEqualTo(FILES);
            Method copyTo = fromJar.getMethod("copyTo", Path.class);
            copyTo.invoke(null, tmp.resolve("copy"));
        }
        for (String file : FILES) {
            assertThat(tmp.resolve("copy").resolve(file)).hasSameBinaryContentAs(classesDir().resolve(
                    SampleApp.RESOURCE_ROOT).resolve(file));
        }
    }

    @Test
    void the_site_is_the_movies_database_v1_on_blue() throws IOException {
        Properties site = new Properties();
        site.load(new StringReader(Files.readString(sampleFile("site/site.properties"))));

        // only keys the web front end accepts (it refuses to start on any other, to catch typos)
        assertThat(site.stringPropertyNames()).allMatch(key -> key.matches(
                "heading|version\\.label|colour\\.name|colour\\.background|lang|date\\.format|page\\.size"
                        + "|text\\.[a-z][a-z0-9_]*"), "a key of site.properties");
        assertThat(site.getProperty("heading")).isEqualTo("Movies Database");
        assertThat(site.getProperty("version.label")).isEqualTo("v1");
        assertThat(site.getProperty("colour.name")).isEqualTo("blue");
        assertThat(site.getProperty("colour.background")).isEqualTo("#1f6feb");
    }

    @Test
    void the_task_definition_runs_this_bluegreen_web_with_the_platforms_placeholders() throws IOException {
        JsonNode taskdef = new ObjectMapper().readTree(sampleFile("taskdef.json").toFile());

        assertThat(taskdef.path("family").asText()).isEqualTo("movies-web");
        assertThat(taskdef.path("containerDefinitions")).hasSize(1);
        JsonNode web = taskdef.path("containerDefinitions").path(0);
        assertThat(web.path("name").asText()).isEqualTo("web");
        assertThat(web.path("command")).extracting(JsonNode::asText).containsExactly("bluegreen", "web", "--port",
                "${PORT}", "--api", "${API_URL}", "--site", "${ARTIFACT_DIR}/site", "--side", "${SIDE}");
        assertThat(web.path("portMappings").path(0).path("containerPort").asInt()).isEqualTo(8000);
        assertThat(web.path("healthCheck").path("command")).extracting(JsonNode::asText)
                .containsExactly("CMD-SHELL", "curl -f http://localhost:${PORT}/health || exit 1");
        assertThat(web.path("healthCheck").path("startPeriod").asInt()).isEqualTo(60);
        assertThat(web.path("stopTimeout").asInt()).isEqualTo(15);
    }

    private static Path sampleFile(String relative) {
        return classesDir().resolve(SampleApp.RESOURCE_ROOT).resolve(relative);
    }

    private static Path classesDir() {
        try {
            return Path.of(SampleApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pipeline package's classes and resources as a jar holding file entries only (as some shaders write). */
    private static Path jarOfPipelineClasses(Path jar) throws IOException {
        Path classes = classesDir();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> paths = Files.walk(classes.resolve("dev/bluegreen/platform/pipeline"))) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
