package dev.bluegreen.appconfig;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads the app's YAML and JSON files into trees; a missing file or a syntax error becomes a message with the line. */
public final class ConfigFiles {

    private static final ObjectMapper YAML = configure(new ObjectMapper(YAMLFactory.builder()
            // yes/no/on/off stay text: "discard-paths: yes" is checked by us, and "DEBUG: yes" must not become "true"
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build()));
    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

    private ConfigFiles() {
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // "VERSION: 1.10" stays 1.10 rather than the double 1.1
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        return mapper;
    }

    public static JsonNode readYaml(Path file) {
        return parseYaml(readText(file), file.getFileName().toString());
    }

    public static JsonNode readJson(Path file) {
        return parseJson(readText(file), file.getFileName().toString());
    }

    /** @return the tree, a {@link MissingNode} for an empty document */
    public static JsonNode parseYaml(String text, String fileName) {
        return parse(YAML, "YAML", text, fileName);
    }

    public static JsonNode parseJson(String text, String fileName) {
        return parse(JSON, "JSON", text, fileName);
    }

    /** The file's text; a missing, unreadable or non-UTF-8 file is an {@link AppConfigException} naming it. */
    public static String readText(Path file) {
        String name = file.getFileName().toString();
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new AppConfigException(name + ": not found (looked for " + file.toAbsolutePath() + ")");
        } catch (MalformedInputException e) {
            throw new AppConfigException(name + ": is not UTF-8 text");
        } catch (IOException e) {
            throw new AppConfigException(name + ": cannot be read (" + file.toAbsolutePath() + "): " + e.getMessage(),
                    e);
        }
    }

    private static JsonNode parse(ObjectMapper mapper, String format, String text, String fileName) {
        try {
            JsonNode tree = mapper.readTree(text);
            return tree == null ? MissingNode.getInstance() : tree;
        } catch (JsonProcessingException e) {
            throw new AppConfigException(syntaxError(fileName, format, e), e);
        }
    }

    private static String syntaxError(String fileName, String format, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String where = "line " + (yaml.getProblemMark().getLine() + 1) + ", column "
                    + (yaml.getProblemMark().getColumn() + 1);
            String context = yaml.getContext() == null || yaml.getContextMark() == null ? ""
                    : " (" + yaml.getContext() + " that starts at line " + (yaml.getContextMark().getLine() + 1) + ")";
            return fileName + ": " + where + ": not valid " + format + ": " + firstLine(yaml.getProblem()) + context;
        }
        String where = e.getLocation() == null ? ""
                : " line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ":";
        Matcher duplicate = DUPLICATE.matcher(firstLine(e.getOriginalMessage()));
        if (duplicate.matches()) {
            return fileName + ":" + where + " '" + duplicate.group(1) + "' is given twice";
        }
        return fileName + ":" + where + " not valid " + format + ": " + firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
