package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.stack.Templates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;

/**
 * A small stand-in for the bluegreen project that {@code --source} packages: its root pom, the real cluster.yaml
 * where the pipeline's Deploy action takes it from, a tracked file changed in the working tree, and an untracked
 * file that must stay out of platform.zip.
 */
final class TestProject {

    static final String CLUSTER_TEMPLATE = "aws/src/main/resources" + Templates.RESOURCE_DIR + "cluster.yaml";

    private TestProject() {
    }

    static Path create(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("core"));
        Files.writeString(dir.resolve("pom.xml"), "<project><artifactId>bluegreen-parent</artifactId></project>\n");
        Files.writeString(dir.resolve("core/Flip.java"), "class Flip {}\n");
        Path cluster = dir.resolve(CLUSTER_TEMPLATE);
        Files.createDirectories(cluster.getParent());
        try (InputStream in = TestProject.class.getResourceAsStream(Templates.RESOURCE_DIR + "cluster.yaml")) {
            Files.write(cluster, in.readAllBytes());
        }
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("first").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                    .setSign(false).call();
        }
        Files.writeString(dir.resolve("core/Flip.java"), "class Flip { /* edited */ }\n");
        Files.writeString(dir.resolve("untracked.txt"), "not for the zip\n");
        return dir;
    }
}
