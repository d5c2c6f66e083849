package dev.bluegreen.aws.stack;

import dev.bluegreen.aws.AwsException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CloudFormation templates to upload, by file name: the ones built into the jar, or those of a directory
 * (to deploy edited templates without rebuilding). {@code main.yaml} must be among them: it is the stack.
 */
public record Templates(String origin, Map<String, byte[]> files) {

    /** Where the build puts the templates, a directory of resources next to this package. */
    public static final String RESOURCE_DIR = "/dev/bluegreen/aws/cloudformation/";

    public Templates {
        files = Map.copyOf(files);
        if (!files.containsKey(MainStack.TEMPLATE)) {
            throw new AwsException("no " + MainStack.TEMPLATE + " among the templates in " + origin
                    + (files.isEmpty() ? " (none found)" : " (found " + String.join(", ", new TreeMap<>(files)
                    .keySet()) + ")"));
        }
    }

    /** The templates inside this program (a directory of the class path, in a jar or not). */
    public static Templates builtIn() {
        return builtIn(Templates.class.getClassLoader());
    }

    static Templates builtIn(ClassLoader loader) {
        URL main = loader.getResource(RESOURCE_DIR.substring(1) + MainStack.TEMPLATE);
        if (main == null) {
            throw new AwsException("this build of bluegreen has no CloudFormation templates (" + RESOURCE_DIR
                    + MainStack.TEMPLATE + " is missing); rebuild it, or give the templates' directory");
        }
        try {
            URI uri = main.toURI();
            if ("jar".equals(uri.getScheme())) {
                // a private file system on the jar: one opened elsewhere may be closed under our feet
                String spec = uri.getSchemeSpecificPart();
                Path jarFile = Path.of(URI.create(spec.substring(0, spec.indexOf("!/"))));
                try (FileSystem jar = FileSystems.newFileSystem(jarFile)) {
                    return read("the built-in templates", jar.getPath(RESOURCE_DIR));
                }
            }
            return read("the built-in templates", Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new AwsException("cannot read the built-in templates: " + e.getMessage(), e);
        }
    }

    /** Every {@code *.yaml} of {@code dir}. */
    public static Templates directory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new AwsException("templates directory " + dir + " does not exist");
        }
        return read(dir.toString(), dir);
    }

    private static Templates read(String origin, Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".yaml") && Files.isRegularFile(p)) {
                    files.put(name, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new AwsException("cannot read templates from " + origin + ": " + e, e);
        }
        return new Templates(origin, files);
    }
}
