package dev.bluegreen.aws.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per line on standard output: what CloudWatch Logs Insights can query by field. */
final class JsonLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;

    JsonLog(PrintStream out) {
        this.out = out;
    }

    void info(String event, Object... fields) {
        write("INFO", event, fields);
    }

    void error(String event, Object... fields) {
        write("ERROR", event, fields);
    }

    private void write(String level, String event, Object... fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", level);
        line.put("event", event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            line.put(String.valueOf(fields[i]), fields[i + 1]);
        }
        try {
            out.println(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            out.println("{\"level\":\"ERROR\",\"event\":\"log-failed\"}");
        }
        out.flush();
    }
}
