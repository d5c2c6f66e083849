package dev.bluegreen.aws.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudFormation's intrinsic functions, evaluated the way CloudFormation does for one stack: {@code Ref} (parameters,
 * pseudo parameters, resources), {@code Fn::Sub}, {@code Fn::GetAtt}, {@code Fn::If} and the condition functions,
 * {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split}. What resources are (their Ref and attributes) is given by
 * the caller: the outputs of nested stacks, or what moto made. {@code AWS::NoValue} removes the property.
 */
public final class Intrinsics {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^!][^}]*)}");

    private final Map<String, String> values;
    private final JsonNode conditions;
    private final Function<String, String> resourceRef;
    private final BiFunction<String, String, String> attribute;
    private final Map<String, Boolean> evaluated = new HashMap<>();

    /**
     * @param values      parameter and pseudo parameter values ({@code AWS::StackName}, {@code AWS::Region}...)
     * @param conditions  the template's Conditions section
     * @param resourceRef a resource's Ref (its physical id)
     * @param attribute   a resource's attribute, e.g. ("NetworkStack", "Outputs.VpcId")
     */
    public Intrinsics(Map<String, String> values, JsonNode conditions, Function<String, String> resourceRef,
                      BiFunction<String, String, String> attribute) {
        this.values = values;
        this.conditions = conditions == null ? NODES.objectNode() : conditions;
        this.resourceRef = resourceRef;
        this.attribute = attribute;
    }

    /** The pseudo parameters of a stack, with moto's account. */
    public static Map<String, String> pseudo(String stackName, String region) {
        Map<String, String> pseudo = new HashMap<>();
        pseudo.put("AWS::StackName", stackName);
        pseudo.put("AWS::Region", region);
        pseudo.put("AWS::AccountId", "123456789012");
        pseudo.put("AWS::Partition", "aws");
        pseudo.put("AWS::URLSuffix", "amazonaws.com");
        return pseudo;
    }

    public boolean condition(String name) {
        Boolean known = evaluated.get(name);
        if (known == null) {
            JsonNode definition = conditions.get(name);
            if (definition == null) {
                throw new IllegalArgumentException("no condition " + name);
            }
            known = eval(definition).asBoolean();
            evaluated.put(name, known);
        }
        return known;
    }

    /** The value of an expression; null for {@code AWS::NoValue}. */
    public JsonNode eval(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(item -> {
                JsonNode value = eval(item);
                if (value != null) {
                    out.add(value);
                }
            });
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1) {
            Map.Entry<String, JsonNode> fn = node.fields().next();
            JsonNode arg = fn.getValue();
            switch (fn.getKey()) {
                case "Ref":
                    return ref(arg.asText());
                case "Fn::Sub":
                    return TextNode.valueOf(sub(arg));
                case "Fn::GetAtt":
                    return getAtt(arg);
                case "Fn::If":
                    return eval(condition(arg.get(0).asText()) ? arg.get(1) : arg.get(2));
                case "Condition":
                    return BooleanNode.valueOf(condition(arg.asText()));
                case "Fn::Equals":
                    return BooleanNode.valueOf(text(eval(arg.get(0))).equals(text(eval(arg.get(1)))));
                case "Fn::Not":
                    return BooleanNode.valueOf(!eval(arg.get(0)).asBoolean());
                case "Fn::And":
                    return BooleanNode.valueOf(all(arg, true));
                case "Fn::Or":
                    return BooleanNode.valueOf(!all(arg, false));
                case "Fn::Join":
                    return TextNode.valueOf(join(arg.get(0).asText(), eval(arg.get(1))));
                case "Fn::Select":
                    return eval(arg.get(1)).get(eval(arg.get(0)).asInt());
                case "Fn::Split":
                    ArrayNode parts = NODES.arrayNode();
                    for (String part : text(eval(arg.get(1))).split(Pattern.quote(arg.get(0).asText()), -1)) {
                        parts.add(part);
                    }
                    return parts;
                default:
                    break;
            }
        }
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = eval(field.getValue());
            if (value != null) {
                out.set(field.getKey(), value);
            }
        }
        return out;
    }

    private boolean all(JsonNode conditionList, boolean wanted) {
        for (JsonNode c : conditionList) {
            if (eval(c).asBoolean() != wanted) {
                return false;
            }
        }
        return true;
    }

    private JsonNode ref(String name) {
        if ("AWS::NoValue".equals(name)) {
            return null;
        }
        if (values.containsKey(name)) {
            return TextNode.valueOf(values.get(name));
        }
        return TextNode.valueOf(resourceRef.apply(name));
    }

    private JsonNode getAtt(JsonNode arg) {
        String resource;
        String name;
        if (arg.isTextual()) {
            int dot = arg.asText().indexOf('.');
            resource = arg.asText().substring(0, dot);
            name = arg.asText().substring(dot + 1);
        } else {
            resource = arg.get(0).asText();
            name = text(eval(arg.get(1)));
        }
        return TextNode.valueOf(attribute.apply(resource, name));
    }

    private String sub(JsonNode arg) {
        String template = arg.isArray() ? arg.get(0).asText() : arg.asText();
        Map<String, String> local = new HashMap<>();
        if (arg.isArray()) {
            arg.get(1).fields().forEachRemaining(e -> local.put(e.getKey(), text(eval(e.getValue()))));
        }
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String variable = m.group(1).trim();
            String value;
            if (local.containsKey(variable)) {
                value = local.get(variable);
            } else if (values.containsKey(variable) || !variable.contains(".")) {
                value = text(ref(variable));
            } else {
                int dot = variable.indexOf('.');
                value = attribute.apply(variable.substring(0, dot), variable.substring(dot + 1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString().replace("${!", "${");
    }

    private static String join(String delimiter, JsonNode list) {
        StringJoiner out = new StringJoiner(delimiter);
        list.forEach(item -> out.add(text(item)));
        return out.toString();
    }

    private static String text(JsonNode node) {
        return node == null ? "" : node.asText();
    }
}
