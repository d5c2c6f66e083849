package dev.bluegreen.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bluegreen.cli.up.ConfigFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true, defaultValueProvider = ConfigFile.class,
        description = "Show what is live where: listeners, services, tasks, events.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions platform;

    @Option(names = "--json", description = "the control API's JSON, as it is")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonNode status = platform.client().get("/api/status");
        if (json) {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(status));
        } else {
            System.out.print(StatusText.render(status));
        }
        return 0;
    }

    /** The status as a person reads it in a terminal. */
    static final class StatusText {

        private StatusText() {
        }

        static String render(JsonNode s) {
            StringBuilder out = new StringBuilder();
            out.append(String.format("bluegreen %s, platform pid %s, up since %s%n", s.path("version").asText(),
                    s.path("pid").asText(), shortTime(s.path("startedAt").asText())));
            out.append(String.format("%nListeners%n"));
            for (JsonNode l : s.path("listeners")) {
                out.append(String.format("  %-5s %-24s -> %s%s%n", l.path("name").asText(), l.path("url").asText(),
                        forwardsTo(l), l.has("allow") ? "   (clients " + join(l.path("allow")) + ")" : ""));
            }
            out.append(String.format("%nTarget groups%n"));
            for (JsonNode g : s.path("targetGroups")) {
                List<String> tags = new ArrayList<>();
                g.path("tags").fields().forEachRemaining(tag -> tags.add(tag.getKey() + "=" + tag.getValue().asText()));
                long healthy = 0;
                for (JsonNode t : g.path("targets")) {
                    healthy += "HEALTHY".equals(t.path("state").asText()) ? 1 : 0;
                }
                out.append(String.format("  %-6s %d/%d healthy   %s%n", g.path("name").asText(), healthy,
                        g.path("targets").size(), String.join(" ", tags)));
            }
            JsonNode web = s.path("webTasks");
            out.append(String.format("%nServices (web tasks: %s for production, %s while idle)%n",
                    web.path("production").asText("?"), web.path("idle").asText("?")));
            for (JsonNode svc : s.path("services")) {
                out.append(String.format("  %-10s group %-6s image %-12s %s/%s running, %s restart(s)%n",
                        svc.path("name").asText(), svc.path("targetGroup").asText(), svc.path("image").asText(),
                        svc.path("runningCount").asText(), svc.path("desiredCount").asText(),
                        svc.path("restarts").asText()));
                for (JsonNode t : svc.path("tasks")) {
                    out.append(String.format("    %-14s pid %-7s port %-6s %-8s %s%n", t.path("id").asText(),
                            t.path("pid").asText(), t.path("port").asText(), t.path("state").asText(),
                            t.path("health").asText()));
                }
            }
            JsonNode rollback = s.path("rollback");
            out.append(String.format("%nRollback: %s%n", rollback.path("possible").asBoolean()
                    ? "possible, to " + rollback.path("to").asText() : "not possible now"));
            out.append(String.format("%nPipeline%n"));
            if (s.path("executions").isEmpty()) {
                out.append(String.format("  no executions yet: commit to the app repository, or 'bluegreen deploy'%n"));
            }
            for (JsonNode e : s.path("executions")) {
                out.append(String.format("  #%-4s %-16s %-18s at %-7s %s%n", e.path("id").asText(),
                        e.path("tag").asText(), e.path("status").asText(), e.path("stage").asText(),
                        e.path("commit").path("message").asText().lines().findFirst().orElse("")));
            }
            out.append(String.format("%nLast events%n"));
            for (JsonNode e : s.path("events")) {
                out.append(String.format("  %s %-18s %-10s %s%n", shortTime(e.path("time").asText()),
                        e.path("type").asText(),
                        e.path("actor").asText(), e.path("message").asText()));
            }
            return out.toString();
        }

        /** {@code blue}, or {@code blue 90 %, green 10 % (shifting)} while traffic shifts. */
        private static String forwardsTo(JsonNode listener) {
            JsonNode weights = listener.path("weights");
            if (weights.size() < 2) {
                return listener.path("targetGroup").asText();
            }
            List<String> shares = new ArrayList<>();
            weights.fields().forEachRemaining(w -> shares.add(w.getKey() + " " + w.getValue().asInt() + " %"));
            return String.join(", ", shares) + " (shifting)";
        }

        /** {@code 2026-11-28T13:48:47.813234795Z} as {@code 2026-11-28 13:48:47Z}: enough to read, short to scan. */
        private static String shortTime(String instant) {
            return instant.length() > 19 ? instant.substring(0, 10) + " " + instant.substring(11, 19) + "Z" : instant;
        }

        private static String join(JsonNode array) {
            List<String> items = new ArrayList<>();
            array.forEach(item -> items.add(item.asText()));
            return String.join(", ", items);
        }
    }
}
