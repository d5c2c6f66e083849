package dev.bluegreen.aws.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bluegreen.testing.MotoServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * CloudFormation's nested stacks, played at the HTTP level in front of moto's server, whose CloudFormation cannot
 * create {@code main.yaml} (its {@code GetAtt} of a nested stack's outputs is an internal error). Every call goes to
 * moto as it is, except the creation, update and deletion of a stack whose template nests stacks. For those, this
 * does what CloudFormation does: it checks the parameters against the template's constraints and Rules (moto checks
 * none), creates each nested template from the bucket as a stack of its own, in dependency order, with the values
 * the parent passes (outputs feeding inputs) and checked against the nested template's constraints, then records the
 * parent in moto with its parameters and its outputs. Deleting the parent deletes the nested stacks. A refusal is a
 * ValidationError, as CloudFormation answers (where CloudFormation would fail a nested stack and roll back, this
 * refuses before creating anything). One answer of moto's is corrected: the resources of a deleted stack, which moto
 * creates again when it is asked to list them.
 */
public final class NestedStacksOnMoto implements AutoCloseable {

    static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    private static final String NESTED = "AWS::CloudFormation::Stack";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A parent stack and the stacks moto holds for its nested stacks, in creation order. */
    record Parent(String name, String id, Map<String, String> nested) {
    }

    private final HttpServer server;
    private final URI moto;
    private final String region;
    private final CloudFormationClient cfn;
    private final S3Client s3;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Parent> parents = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> sent = new ConcurrentHashMap<>();

    public NestedStacksOnMoto(MotoServer moto, String region) throws IOException {
        this.moto = moto.endpoint();
        this.region = region;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
        this.cfn = CloudFormationClient.builder().endpointOverride(this.moto).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.s3 = S3Client.builder().endpointOverride(this.moto).region(Region.of(region)).forcePathStyle(true)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where the CLI's CloudFormation calls go ({@code AWS_ENDPOINT_URL_CLOUDFORMATION}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The stack moto holds for one of a parent's nested stacks, e.g. ("shop", "PipelineStack"). */
    public String nestedStack(String parent, String logicalId) {
        Parent p = parents.get(parent);
        if (p == null || !p.nested().containsKey(logicalId)) {
            throw new IllegalStateException("no nested stack " + logicalId + " of " + parent + " (created: "
                    + parents.keySet() + ")");
        }
        return p.nested().get(logicalId);
    }

    /** The parameters the last create or update of a parent was sent, as sent (a null value: use the previous). */
    public Map<String, String> sent(String parent) {
        return sent.getOrDefault(parent, Map.of());
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
        String action = String.valueOf(form.get("Action"));
        try {
            synchronized (this) {
                Parent parent = parent(form.get("StackName"));
                if (action.equals("CreateStack")) {
                    CfnTemplate template = template(form);
                    if (!template.resourcesOfType(NESTED).isEmpty()) {
                        reply(exchange, action, "<StackId>" + create(form, template) + "</StackId>");
                        return;
                    }
                } else if (action.equals("UpdateStack") && parent != null) {
                    reply(exchange, action, "<StackId>" + update(parent, form) + "</StackId>");
                    return;
                } else if (action.equals("DescribeStackResources") && deleted(form.get("StackName"))) {
                    // moto makes the resources of a deleted stack again when asked for them: AWS lists none
                    reply(exchange, action, "<StackResources/>");
                    return;
                } else if (action.equals("DeleteStack") && parent != null) {
                    List<String> nested = new ArrayList<>(parent.nested().values());
                    Collections.reverse(nested);
                    nested.forEach(this::deleteNested);
                    parents.remove(parent.name());
                }
            }
            forward(exchange, body);
        } catch (CfnTemplate.Refused e) {
            error(exchange, "ValidationError", e.getMessage());
        } catch (CloudFormationException e) {
            error(exchange, e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage());
        } catch (RuntimeException e) {
            error(exchange, "InternalFailure", "the nested-stack harness failed: " + e);
        }
    }

    /**
     * Moto's CloudFormation does not delete route tables (nor their associations): deleting the network stack then
     * fails on its VPC. Moto forgets the stack all the same, leaving the VPC in its EC2; that failure is not one a
     * test can act on, so it is let pass.
     */
    private void deleteNested(String stack) {
        try {
            cfn.deleteStack(b -> b.stackName(stack));
        } catch (CloudFormationException e) {
            if (!"DependencyViolation".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
        }
    }

    private boolean deleted(String nameOrId) {
        try {
            return nameOrId != null && cfn.describeStacks(b -> b.stackName(nameOrId)).stacks().stream()
                    .allMatch(s -> s.stackStatusAsString().equals("DELETE_COMPLETE"));
        } catch (CloudFormationException e) {
            return false;
        }
    }

    private Parent parent(String nameOrId) {
        if (nameOrId == null) {
            return null;
        }
        return parents.values().stream().filter(p -> p.name().equals(nameOrId) || p.id().equals(nameOrId))
                .findFirst().orElse(null);
    }

    private String create(Map<String, String> form, CfnTemplate template) {
        String name = form.get("StackName");
        if (find(name) != null) {
            throw CloudFormationException.builder().awsErrorDetails(software.amazon.awssdk.awscore.exception
                    .AwsErrorDetails.builder().errorCode("AlreadyExistsException")
                    .errorMessage("Stack [" + name + "] already exists").build()).build();
        }
        Map<String, String> given = parameters(form);
        sent.put(name, given);
        if (given.containsValue(null)) {
            throw new CfnTemplate.Refused("UsePreviousValue is only for an update");
        }
        Map<String, String> values = checked(template, given);
        Map<String, String> nested = new LinkedHashMap<>();
        try {
            Map<String, Map<String, String>> outputs = new HashMap<>();
            Intrinsics parent = intrinsics(template, values, name, outputs);
            for (String logicalId : inDependencyOrder(template)) {
                String stack = name + "-" + logicalId + "-" + suffix();
                outputs.put(logicalId, createOrUpdate(stack, nestedTemplate(parent, template, logicalId), false));
                nested.put(logicalId, stack);
            }
            String id = createOrUpdateParent(name, template, parent, values, false);
            parents.put(name, new Parent(name, id, nested));
            return id;
        } catch (RuntimeException e) {
            nested.values().forEach(this::deleteNested);
            throw e;
        }
    }

    private String update(Parent parent, Map<String, String> form) {
        CfnTemplate template = template(form);
        Map<String, String> given = parameters(form);
        sent.put(parent.name(), given);
        Map<String, String> previous = new HashMap<>();
        find(parent.id()).parameters().forEach(p -> previous.put(p.parameterKey(), p.parameterValue()));
        Map<String, String> resolved = new LinkedHashMap<>();
        given.forEach((key, value) -> {
            if (value == null && !previous.containsKey(key)) {
                throw new CfnTemplate.Refused("Invalid input for parameter key " + key + ". Cannot specify "
                        + "usePreviousValue as true for a parameter key not in the previous template");
            }
            resolved.put(key, value != null ? value : previous.get(key));
        });
        Map<String, String> values = checked(template, resolved);
        Map<String, Map<String, String>> outputs = new HashMap<>();
        Intrinsics intrinsics = intrinsics(template, values, parent.name(), outputs);
        for (Map.Entry<String, String> n : parent.nested().entrySet()) {
            outputs.put(n.getKey(), createOrUpdate(n.getValue(), nestedTemplate(intrinsics, template, n.getKey()),
                    true));
        }
        return createOrUpdateParent(parent.name(), template, intrinsics, values, true);
    }

    /** Defaults, constraints and Rules: CloudFormation's checks before it creates or updates anything. */
    private Map<String, String> checked(CfnTemplate template, Map<String, String> given) {
        Map<String, String> values = template.withDefaults(given);
        List<String> violations = template.violations(values);
        if (!violations.isEmpty()) {
            throw new CfnTemplate.Refused(violations.get(0));
        }
        List<String> failedRules = template.failedRules(intrinsics(template, values, "rules", Map.of()));
        if (!failedRules.isEmpty()) {
            throw new CfnTemplate.Refused(String.join(" ", failedRules));
        }
        return values;
    }

    private record Nested(CfnTemplate template, Map<String, String> parameters) {
    }

    /** A nested stack's template and the parameters the parent passes it, checked against that template. */
    private Nested nestedTemplate(Intrinsics parent, CfnTemplate template, String logicalId) {
        JsonNode properties = template.resources().get(logicalId).path("Properties");
        String url = parent.eval(properties.get("TemplateURL")).asText();
        CfnTemplate nested = fetch(url);
        Map<String, String> parameters = new LinkedHashMap<>();
        CfnTemplate.fields(properties.path("Parameters")).forEach((key, expression) -> {
            JsonNode value = parent.eval(expression);
            if (value != null) {
                parameters.put(key, value.asText());
            }
        });
        try {
            nested.violations(nested.withDefaults(parameters)).stream().findFirst().ifPresent(v -> {
                throw new CfnTemplate.Refused(v);
            });
        } catch (CfnTemplate.Refused e) {
            throw new CfnTemplate.Refused(logicalId + " (" + nested.name() + "): " + e.getMessage());
        }
        return new Nested(nested, parameters);
    }

    /** Creates or updates one stack in moto; its outputs. "No updates" is no failure for a nested stack. */
    private Map<String, String> createOrUpdate(String stack, Nested nested, boolean update) {
        String body = MotoWorkarounds.apply(nested.template().name(), nested.template().text());
        List<Parameter> parameters = new ArrayList<>();
        nested.parameters().forEach((k, v) -> parameters.add(Parameter.builder().parameterKey(k).parameterValue(v)
                .build()));
        try {
            if (update) {
                cfn.updateStack(b -> b.stackName(stack).templateBody(body).parameters(parameters)
                        .capabilities(Capability.knownValues()));
            } else {
                cfn.createStack(b -> b.stackName(stack).templateBody(body).parameters(parameters)
                        .capabilities(Capability.knownValues()));
            }
        } catch (CloudFormationException e) {
            if (!update || !String.valueOf(e.awsErrorDetails().errorMessage()).contains("No updates")) {
                throw e;
            }
        }
        Stack done = find(stack);
        if (!done.stackStatusAsString().endsWith("_COMPLETE") || done.stackStatusAsString().contains("ROLLBACK")) {
            throw new CfnTemplate.Refused("nested stack " + stack + ": " + done.stackStatusAsString() + " "
                    + done.stackStatusReason());
        }
        Map<String, String> outputs = new HashMap<>();
        done.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
        return outputs;
    }

    /**
     * The parent as moto can hold it: its parameters, a placeholder per nested stack and its outputs, evaluated.
     */
    private String createOrUpdateParent(String name, CfnTemplate template, Intrinsics intrinsics,
                                        Map<String, String> values, boolean update) {
        ObjectNode shell = JSON.createObjectNode();
        shell.put("AWSTemplateFormatVersion", "2010-09-09");
        shell.put("Description", template.root().path("Description").asText() + " [moto harness: nested stacks "
                + "created as stacks of their own]");
        ObjectNode parameters = shell.putObject("Parameters");
        template.parameters().keySet().forEach(k -> parameters.putObject(k).put("Type", "String"));
        ObjectNode resources = shell.putObject("Resources");
        template.resourcesOfType(NESTED).forEach(id -> resources.putObject(id).put("Type",
                "AWS::CloudFormation::WaitConditionHandle"));
        ObjectNode outputs = shell.putObject("Outputs");
        CfnTemplate.fields(template.root().path("Outputs")).forEach((key, output) -> {
            if (!output.has("Condition") || intrinsics.condition(output.get("Condition").asText())) {
                outputs.putObject(key).put("Value", intrinsics.eval(output.get("Value")).asText())
                        .put("Description", output.path("Description").asText());
            }
        });
        List<Parameter> list = new ArrayList<>();
        values.forEach((k, v) -> list.add(Parameter.builder().parameterKey(k).parameterValue(v).build()));
        if (update) {
            cfn.updateStack(b -> b.stackName(name).templateBody(shell.toString()).parameters(list)
                    .capabilities(Capability.knownValues()));
            return find(name).stackId();
        }
        return cfn.createStack(b -> b.stackName(name).templateBody(shell.toString()).parameters(list)
                .capabilities(Capability.knownValues())).stackId();
    }

    private Intrinsics intrinsics(CfnTemplate template, Map<String, String> values, String stack,
                                  Map<String, Map<String, String>> nestedOutputs) {
        Map<String, String> all = new HashMap<>(Intrinsics.pseudo(stack, region));
        all.putAll(values);
        return new Intrinsics(all, template.root().get("Conditions"), id -> {
            throw new IllegalStateException("Ref of resource " + id + " in a parent stack is not modelled");
        }, (id, attribute) -> {
            Map<String, String> outputs = nestedOutputs.get(id);
            String output = attribute.startsWith("Outputs.") ? attribute.substring("Outputs.".length()) : null;
            if (outputs == null || output == null || !outputs.containsKey(output)) {
                throw new CfnTemplate.Refused("Template error: " + id + "." + attribute + " does not exist");
            }
            return outputs.get(output);
        });
    }

    /** The nested stacks, each after those whose outputs it takes. */
    private static List<String> inDependencyOrder(CfnTemplate template) {
        List<String> all = template.resourcesOfType(NESTED);
        List<String> order = new ArrayList<>();
        while (order.size() < all.size()) {
            int before = order.size();
            for (String id : all) {
                String properties = template.resources().get(id).path("Properties").toString();
                boolean ready = all.stream().filter(other -> !other.equals(id) && !order.contains(other))
                        .noneMatch(other -> properties.contains("\"" + other + "\"")
                                || properties.contains("${" + other + "."));
                if (!order.contains(id) && ready) {
                    order.add(id);
                }
            }
            if (order.size() == before) {
                throw new IllegalStateException("nested stacks depend on each other in a circle: " + all);
            }
        }
        return order;
    }

    private CfnTemplate template(Map<String, String> form) {
        if (form.containsKey("TemplateBody")) {
            return CfnTemplate.decode("template.yaml", form.get("TemplateBody").getBytes(StandardCharsets.UTF_8));
        }
        return fetch(form.get("TemplateURL"));
    }

    /** A template from moto's S3, by the HTTPS URL CloudFormation is given (https://BUCKET.s3.REGION...com/KEY). */
    private CfnTemplate fetch(String url) {
        URI uri = URI.create(url);
        String bucket = uri.getHost().substring(0, uri.getHost().indexOf(".s3."));
        String key = uri.getPath().substring(1);
        byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        return CfnTemplate.decode(key.substring(key.lastIndexOf('/') + 1), bytes);
    }

    private Stack find(String nameOrId) {
        try {
            return cfn.describeStacks(b -> b.stackName(nameOrId)).stacks().stream()
                    .filter(s -> !s.stackStatusAsString().equals("DELETE_COMPLETE")).findFirst().orElse(null);
        } catch (CloudFormationException e) {
            return null;
        }
    }

    private static Map<String, String> parameters(Map<String, String> form) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; form.containsKey("Parameters.member." + i + ".ParameterKey"); i++) {
            String key = form.get("Parameters.member." + i + ".ParameterKey");
            boolean previous = "true".equals(form.get("Parameters.member." + i + ".UsePreviousValue"));
            parameters.put(key, previous ? null : form.getOrDefault("Parameters.member." + i + ".ParameterValue", ""));
        }
        return parameters;
    }

    private static String suffix() {
        String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            suffix.append(letters.charAt(RANDOM.nextInt(letters.length())));
        }
        return suffix.toString();
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().toString()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : List.of("Content-Type", "X-Amz-Date", "Authorization", "X-Amz-Target")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        exchange.getResponseHeaders().set("Content-Type", response.headers().firstValue("Content-Type")
                .orElse("text/xml"));
        send(exchange, response.statusCode(), response.body());
    }

    private static void reply(HttpExchange exchange, String action, String result) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        send(exchange, 200, ("<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</"
                + action + "Result><ResponseMetadata><RequestId>harness</RequestId></ResponseMetadata></" + action
                + "Response>").getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange exchange, String code, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        send(exchange, 400, ("<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + escape(message) + "</Message></Error><RequestId>harness</RequestId>"
                + "</ErrorResponse>").getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
        cfn.close();
        s3.close();
    }
}
