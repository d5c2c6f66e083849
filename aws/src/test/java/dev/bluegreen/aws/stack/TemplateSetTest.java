package dev.bluegreen.aws.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.aws.AwsException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in templates are found as a directory of the class path, in a jar (the CLI) or not (an IDE). */
class TemplateSetTest {

    @TempDir
    Path dir;

    @Test
    void built_in_templates_are_read_from_a_jar() throws Exception {
        Path jar = dir.resolve("cli.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (String name : new String[] {"main.yaml", "network.yaml", "README.txt"}) {
                j.putNextEntry(new JarEntry("dev/bluegreen/aws/cloudformation/" + name));
                j.write(("# " + name).getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Templates templates = Templates.builtIn(loader);

            assertThat(templates.files()).containsOnlyKeys("main.yaml", "network.yaml");
            assertThat(new String(templates.files().get("network.yaml"), StandardCharsets.UTF_8))
                    .isEqualTo("# network.yaml");
        }
    }

    @Test
    void built_in_templates_are_read_from_a_directory_of_the_class_path() throws Exception {
        Path resources = Files.createDirectories(dir.resolve("classes/dev/bluegreen/aws/cloudformation"));
        Files.writeString(resources.resolve("main.yaml"), "# main");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()}, null)) {
            assertThat(Templates.builtIn(loader).files()).containsOnlyKeys("main.yaml");
        }
    }

    @Test
    void a_directory_without_main_yaml_is_refused_with_what_it_holds() throws Exception {
        Files.writeString(dir.resolve("network.yaml"), "# network");

        assertThatThrownBy(() -> Templates.directory(dir)).isInstanceOf(AwsException.class)
                .hasMessageContaining("no main.yaml among the templates in " + dir)
                .hasMessageContaining("found network.yaml");
    }

    @Test
    void a_build_without_templates_says_so() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> Templates.builtIn(empty)).isInstanceOf(AwsException.class)
                    .hasMessageContaining("has no CloudFormation templates");
        }
    }
}
