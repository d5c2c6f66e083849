package dev.bluegreen.platform.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactGlobTest {

    private static final List<String> FILES = List.of("index.html", "site/site.properties", "site/static/app.css",
            "site/static/img/logo.png", "docs/site/readme.md", ".hidden", "build.sh");

    private static List<String> matching(String pattern) {
        ArtifactGlob glob = ArtifactGlob.of(pattern);
        return FILES.stream().filter(glob::matches).toList();
    }

    @Test
    void double_star_slash_star_is_every_file_including_those_at_the_top() {
        assertThat(matching("**/*")).containsExactlyElementsOf(FILES);
        assertThat(matching("**")).containsExactlyElementsOf(FILES);
    }

    @Test
    void a_directory_followed_by_double_star_is_everything_below_it() {
        assertThat(matching("site/**")).containsExactly("site/site.properties", "site/static/app.css",
                "site/static/img/logo.png");
        assertThat(matching("site/")).isEqualTo(matching("site/**"));
        assertThat(matching("./site/**")).isEqualTo(matching("site/**"));
    }

    @Test
    void single_star_and_question_mark_stay_within_a_name() {
        assertThat(matching("*.html")).containsExactly("index.html");
        assertThat(matching("site/*")).containsExactly("site/site.properties");
        assertThat(matching("site/static/???.css")).containsExactly("site/static/app.css");
        assertThat(matching("**/*.png")).containsExactly("site/static/img/logo.png");
        assertThat(matching("**/site/*")).containsExactly("site/site.properties", "docs/site/readme.md");
    }

    @Test
    void other_characters_are_literal() {
        assertThat(ArtifactGlob.of("a+b(1).txt").matches("a+b(1).txt")).isTrue();
        assertThat(ArtifactGlob.of("a.txt").matches("abtxt")).isFalse();
    }
}
