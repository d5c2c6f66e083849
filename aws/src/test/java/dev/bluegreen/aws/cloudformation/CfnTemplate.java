package dev.bluegreen.aws.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.aws.stack.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A CloudFormation template as CloudFormation reads it: decoded by cfn-lint's own decoder (short forms such as
 * {@code !Ref} become {@code {"Ref": ...}}), with what CloudFormation does with parameters before it creates
 * anything: defaults, and the constraints (AllowedPattern, AllowedValues, Min/MaxLength, Min/MaxValue, Number).
 */
public final class CfnTemplate {

    /** {@code BLUEGREEN_PYTHON} overrides the interpreter that has cfn-lint, as for the moto tests. */
    static final String PYTHON = System.getenv().getOrDefault("BLUEGREEN_PYTHON", "python3");
    static final String INSTALL_HINT = "cfn-lint is needed by these tests and the project's run-tests: "
            + "pip install cfn-lint (python3 -m pip install --user cfn-lint)";
    private static final String DECODE = String.join("\n",
            "import json, sys",
            "from cfnlint.decode import decode",
            "template, problems = decode(sys.argv[1])",
            "if problems:",
            "    sys.exit('; '.join(str(p) for p in problems))",
            "print(json.dumps(template))");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Decoding starts a Python: once per distinct template text is enough. */
    private static final Map<String, JsonNode> DECODED = new ConcurrentHashMap<>();

    private final String name;
    private final String text;
    private final JsonNode root;

    private CfnTemplate(String name, String text, JsonNode root) {
        this.name = name;
        this.text = text;
        this.root = root;
    }

    /** One of the templates that ship, e.g. {@code "cluster"}. */
    public static CfnTemplate shipped(String name) {
        String file = name + ".yaml";
        try (InputStream in = CfnTemplate.class.getResourceAsStream(Templates.RESOURCE_DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("no " + Templates.RESOURCE_DIR + file + " on the class path");
            }
            return decode(file, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CfnTemplate decode(String name, byte[] yaml) {
        String text = new String(yaml, StandardCharsets.UTF_8);
        JsonNode root = DECODED.computeIfAbsent(sha256(yaml), k -> runDecoder(name, yaml));
        return new CfnTemplate(name, text, root);
    }

    public String name() {
        return name;
    }

    /** The YAML as written (what CloudFormation is sent). */
    public String text() {
        return text;
    }

    public JsonNode root() {
        return root;
    }

    public JsonNode at(String pointer) {
        return root.at(pointer);
    }

    public Map<String, JsonNode> parameters() {
        return fields(root.path("Parameters"));
    }

    public Map<String, JsonNode> resources() {
        return fields(root.path("Resources"));
    }

    /** The logical ids of the resources of a type, in the template's order. */
    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, r) -> {
            if (type.equals(r.path("Type").asText())) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * The parameters' values as CloudFormation takes them: the given ones, then the defaults.
     *
     * @throws Refused when a parameter is unknown or one without a default is not given
     */
    public Map<String, String> withDefaults(Map<String, String> given) {
        Map<String, JsonNode> declared = parameters();
        List<String> unknown = given.keySet().stream().filter(k -> !declared.containsKey(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new Refused("Parameters: " + unknown + " do not exist in the template");
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        declared.forEach((key, p) -> {
            if (given.containsKey(key)) {
                values.put(key, given.get(key));
            } else if (p.has("Default")) {
                values.put(key, p.get("Default").asText());
            } else {
                missing.add(key);
            }
        });
        if (!missing.isEmpty()) {
            throw new Refused("Parameters: " + missing + " must have values");
        }
        return values;
    }

    /** Every constraint a value breaks, in CloudFormation's words; empty when all are met. */
    public List<String> violations(Map<String, String> values) {
        List<String> violations = new ArrayList<>();
        parameters().forEach((key, p) -> {
            String value = values.get(key);
            if (value != null) {
                violation(key, p, value).ifPresent(violations::add);
            }
        });
        return violations;
    }

    private static Optional<String> violation(String key, JsonNode p, String value) {
        String what = "Parameter '" + key + "' ";
        String constraint = p.has("ConstraintDescription") ? " (" + p.get("ConstraintDescription").asText() + ")"
                : "";
        if (p.has("AllowedValues")) {
            List<String> allowed = new ArrayList<>();
            p.get("AllowedValues").forEach(v -> allowed.add(v.asText()));
            if (!allowed.contains(value)) {
                return Optional.of(what + "must be one of AllowedValues " + allowed + ": '" + value + "'");
            }
        }
        if (p.has("AllowedPattern") && !Pattern.compile(p.get("AllowedPattern").asText()).matcher(value).matches()) {
            return Optional.of(what + "must match pattern " + p.get("AllowedPattern").asText() + ": '"
                    + value + "'" + constraint);
        }
        if (p.has("MinLength") && value.length() < p.get("MinLength").asInt()) {
            return Optional.of(what + "must contain at least " + p.get("MinLength").asInt()
                    + " characters: '" + value + "'");
        }
        if (p.has("MaxLength") && value.length() > p.get("MaxLength").asInt()) {
            return Optional.of(what + "must contain at most " + p.get("MaxLength").asInt()
                    + " characters: '" + value + "'");
        }
        if ("Number".equals(p.path("Type").asText())) {
            BigDecimal number;
            try {
                number = new BigDecimal(value);
            } catch (NumberFormatException e) {
                return Optional.of(what + "must be a number: '" + value + "'");
            }
            if (p.has("MinValue") && number.compareTo(new BigDecimal(p.get("MinValue").asText())) < 0) {
                return Optional.of(what + "must be a number not less than " + p.get("MinValue").asText());
            }
            if (p.has("MaxValue") && number.compareTo(new BigDecimal(p.get("MaxValue").asText())) > 0) {
                return Optional.of(what + "must be a number not greater than "
                        + p.get("MaxValue").asText());
            }
        }
        return Optional.empty();
    }

    /** The assertions of the template's Rules that these values fail (their AssertDescription). */
    public List<String> failedRules(Intrinsics intrinsics) {
        List<String> failed = new ArrayList<>();
        fields(root.path("Rules")).forEach((rule, r) -> {
            if (!r.has("RuleCondition") || intrinsics.eval(r.get("RuleCondition")).asBoolean()) {
                for (JsonNode a : r.path("Assertions")) {
                    if (!intrinsics.eval(a.get("Assert")).asBoolean()) {
                        failed.add(a.path("AssertDescription").asText(rule));
                    }
                }
            }
        });
        return failed;
    }

    /** A refusal in CloudFormation's words (CloudFormation answers it as a ValidationError). */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    static Map<String, JsonNode> fields(JsonNode object) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            fields.put(e.getKey(), e.getValue());
        }
        return fields;
    }

    private static JsonNode runDecoder(String name, byte[] yaml) {
        try {
            Path file = Files.createTempFile("template", "-" + name);
            try {
                Files.write(file, yaml);
                Process process;
                try {
                    process = new ProcessBuilder(PYTHON, "-c", DECODE, file.toString())
                            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot run " + PYTHON + " (" + e.getMessage() + "). "
                            + INSTALL_HINT, e);
                }
                byte[] out = process.getInputStream().readAllBytes();
                String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    throw new IllegalStateException("decoding " + name + " with cfnlint.decode failed (" + INSTALL_HINT
                            + "): " + err);
                }
                return JSON.readTree(out);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding " + name, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
