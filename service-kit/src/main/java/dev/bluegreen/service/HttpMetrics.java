package dev.bluegreen.service;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus registry of a service and its request timer: {@code http_server_requests_seconds} by method,
 * route (the route's template, never the raw path, so that cardinality stays bounded) and status, with a
 * latency histogram. Every metric it serves passes {@code promtool check metrics}: the JVM's, too, under names that
 * follow Prometheus's conventions.
 */
public final class HttpMetrics {

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public HttpMetrics(String service) {
        registry.config().commonTags("service", service)
                // in nanoseconds, with the unit abbreviated in its name: process_cpu_seconds_total replaces it
                .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")))
                // a gauge whose name ends in _count reads as a histogram's or a summary's count
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
                    }
                });
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private record Key(String method, String route, int status) {
    }

    /** Built once per key: on the request path a map lookup is far cheaper than the registry's builder. */
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    void record(String method, String route, int status, float millis) {
        timers.computeIfAbsent(new Key(method, route, status), key -> Timer.builder("http.server.requests")
                        .description("HTTP requests served")
                        .tag("method", key.method())
                        .tag("route", key.route())
                        .tag("status", Integer.toString(key.status()))
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry))
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    public String scrape() {
        bindJvmMetrics();
        return registry.scrape();
    }

    private boolean jvmBound;

    /** On the first scrape, not at start-up: these go through JMX, whose loading would slow every start. */
    private synchronized void bindJvmMetrics() {
        if (!jvmBound) {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                FunctionCounter.builder("process.cpu", os, bean -> bean.getProcessCpuTime() / 1e9)
                        .baseUnit("seconds").description("CPU time this process used")
                        .register(registry);
            }
            jvmBound = true;
        }
    }
}
