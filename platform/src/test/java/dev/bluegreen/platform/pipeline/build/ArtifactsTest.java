package dev.bluegreen.platform.pipeline.build;

import static dev.bluegreen.platform.pipeline.build.BuildFixture.buildspec;
import static dev.bluegreen.platform.pipeline.build.BuildFixture.filesIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files a build publishes, and where in the artifact directory they go. */
class ArtifactsTest {

    private static final String TAG = "b3-0a1b2c3";

    @TempDir
    Path dir;
    BuildFixture build;

    @BeforeEach
    void checkout() {
        build = new BuildFixture(dir)
                .write(".git/HEAD", "ref: refs/heads/main\n")
                .write("site/site.properties", "heading=Movies\n")
                .write("site/static/app.css", "body {}\n")
                .write("site/templates/home.mustache", "<h1>{{site.heading}}</h1>\n")
                .write("tools/build.sh", "#!/bin/sh\n");
    }

    @AfterEach
    void stopBuilds() {
        build.close();
    }

    private List<String> published(String artifacts) {
        BuildResult result = build.run(buildspec(List.of("true"), artifacts), TAG);
        assertThat(result.succeeded()).as(result.message()).isTrue();
        return filesIn(result.artifactDir());
    }

    @Test
    void every_file_keeps_its_path_but_git_metadata_stays_behind() {
        assertThat(published("files: ['**/*']")).containsExactly("README.md", "build.json", "site/site.properties",
                "site/static/app.css", "site/templates/home.mustache", "tools/build.sh");
    }

    @Test
    void a_directory_pattern_publishes_that_directory_under_its_own_name() {
        assertThat(published("files: ['site/**']")).containsExactly("build.json", "site/site.properties",
                "site/static/app.css", "site/templates/home.mustache");
    }

    @Test
    void several_patterns_add_up() {
        assertThat(published("files: ['site/*.properties', 'tools/**']")).containsExactly("build.json",
                "site/site.properties", "tools/build.sh");
    }

    @Test
    void base_directory_makes_paths_start_below_it() {
        assertThat(published("files: ['**/*']\nbase-directory: site")).containsExactly("build.json",
                "site.properties", "static/app.css", "templates/home.mustache");
    }

    @Test
    void discard_paths_puts_every_file_at_the_top() {
        assertThat(published("files: ['site/**']\ndiscard-paths: yes")).containsExactly("app.css", "build.json",
                "home.mustache", "site.properties");
    }

    @Test
    void discard_paths_refuses_two_files_of_the_same_name() {
        build.write("site/static/site.properties", "again\n");
        BuildResult result = build.run(buildspec(List.of("true"), "files: ['**/*']\ndiscard-paths: yes"), TAG);

        assertThat(result.outcome()).isEqualTo(BuildOutcome.FAILED);
        assertThat(result.message()).matches("artifacts.discard-paths puts both site/(static/)?site.properties and "
                + "site/(static/)?site.properties at site.properties; keep the paths or narrow artifacts.files");
        assertThat(build.artifactsRootEntries()).isEmpty();
    }

    @Test
    void a_base_directory_the_build_did_not_make_fails_the_build() {
        BuildResult result = build.run(buildspec(List.of("true"), "files: ['**/*']\nbase-directory: dist"), TAG);

        assertThat(result.outcome()).isEqualTo(BuildOutcome.FAILED);
        assertThat(result.message()).isEqualTo("artifacts.base-directory 'dist' does not exist after the build");
    }

    @Test
    void files_the_build_made_are_published_with_their_permissions() throws IOException {
        BuildResult result = build.run(buildspec(List.of("mkdir -p dist/bin && printf '#!/bin/sh\\n' > dist/bin/run "
                + "&& chmod 755 dist/bin/run"), "files: ['**/*']\nbase-directory: dist"), TAG);

        assertThat(filesIn(result.artifactDir())).containsExactly("bin/run", "build.json");
        assertThat(Files.getPosixFilePermissions(result.artifactDir().resolve("bin/run")))
                .contains(PosixFilePermission.OWNER_EXECUTE);
    }

    @Test
    void a_link_inside_the_checkout_is_published_as_a_file_a_link_out_of_it_is_not() throws IOException {
        Path outside = Files.writeString(dir.resolve("secret.txt"), "not for the web\n");
        Files.createSymbolicLink(build.source.resolve("site/leak.txt"), outside);
        Files.createSymbolicLink(build.source.resolve("site/alias.properties"), Path.of("site.properties"));

        List<String> files = published("files: ['site/**']");

        assertThat(files).contains("site/alias.properties").doesNotContain("site/leak.txt");
        assertThat(Files.isSymbolicLink(build.artifacts.resolve(TAG).resolve("site/alias.properties"))).isFalse();
        assertThat(build.artifacts.resolve(TAG).resolve("site/alias.properties")).hasContent("heading=Movies");
    }

    @Test
    void an_artifacts_root_inside_the_checkout_is_not_published_again() {
        build.write("out/artifacts/b1-1111111/build.json", "{\"tag\": \"b1-1111111\"}\n");
        Path root = build.source.resolve("out/artifacts");
        BuildRequest request = new BuildRequest(build.source, Buildspec.parse(buildspec(List.of("true"),
                "files: ['**/*']"), "buildspec.yml"), TAG, BuildFixture.COMMIT, root, build.log,
                java.time.Duration.ofSeconds(30));

        BuildResult result = build.runner.run(request);

        assertThat(filesIn(result.artifactDir())).containsExactly("README.md", "build.json", "site/site.properties",
                "site/static/app.css", "site/templates/home.mustache", "tools/build.sh");
    }
}
