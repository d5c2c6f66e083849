package dev.bluegreen.aws.bake;

import dev.bluegreen.core.pipeline.BakePolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * What production's target group answered over a while, from the load balancer's CloudWatch metrics, as the core's
 * bake judges it. The same figures as the local bake: the targets' answers and their time to answer (a client that
 * goes away is no 5xx), and the target failures the load balancer answers for them: a refused or reset connection
 * (502), no healthy target (503), a timeout (504). Those three exist per load balancer only, so they include the
 * test listener's few requests too.
 */
public final class ProductionMetrics {

    static final String NAMESPACE = "AWS/ApplicationELB";
    private static final List<String> BALANCER_ERRORS = List.of("HTTPCode_ELB_502_Count", "HTTPCode_ELB_503_Count",
            "HTTPCode_ELB_504_Count");

    private final CloudWatchClient cloudWatch;

    public ProductionMetrics(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    /**
     * Production's figures from {@code from} to {@code to}, in one period that covers whole minutes (the load
     * balancer's metrics have one-minute resolution), so that the p99 is over all of it.
     *
     * @param loadBalancerArn the load balancer; {@code targetGroupArn} the group that serves production
     */
    public BakePolicy.Sample sample(String loadBalancerArn, String targetGroupArn, Instant from, Instant to) {
        return sample(loadBalancerArn, targetGroupArn, from, to, BALANCER_ERRORS);
    }

    /**
     * One side's figures while traffic shifts, from {@code from} to {@code to} as {@link #sample}: only what CloudWatch
     * has per target group, its targets' answers ({@code RequestCount}, {@code HTTPCode_Target_5XX_Count},
     * {@code TargetResponseTime} p99) and the connections the load balancer could not make to them
     * ({@code TargetConnectionErrorCount}, answered 502). The load balancer's own 502/503/504 counts cannot be told
     * apart by side, so a step compares the sides without them.
     */
    public BakePolicy.Sample side(String loadBalancerArn, String targetGroupArn, Instant from, Instant to) {
        return sample(loadBalancerArn, targetGroupArn, from, to, List.of());
    }

    private BakePolicy.Sample sample(String loadBalancerArn, String targetGroupArn, Instant from, Instant to,
                                     List<String> balancerErrors) {
        Instant start = from.truncatedTo(ChronoUnit.MINUTES);
        Instant end = to.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        int period = (int) Duration.between(start, end).toSeconds();
        Dimension balancer = Dimension.builder().name("LoadBalancer").value(loadBalancerDimension(loadBalancerArn))
                .build();
        Dimension group = Dimension.builder().name("TargetGroup").value(targetGroupDimension(targetGroupArn)).build();

        List<MetricDataQuery> queries = new ArrayList<>();
        queries.add(query("requests", "RequestCount", "Sum", period, balancer, group));
        queries.add(query("targetErrors", "HTTPCode_Target_5XX_Count", "Sum", period, balancer, group));
        if (balancerErrors.isEmpty()) {
            queries.add(query("connectionErrors", "TargetConnectionErrorCount", "Sum", period, balancer, group));
        }
        for (int i = 0; i < balancerErrors.size(); i++) {
            queries.add(query("balancerErrors" + i, balancerErrors.get(i), "Sum", period, balancer));
        }
        queries.add(query("p99", "TargetResponseTime", "p99", period, balancer, group));

        Map<String, Double> sums = new HashMap<>();
        Map<String, Double> maxima = new HashMap<>();
        String next = null;
        do {
            String token = next;
            GetMetricDataResponse page = cloudWatch.getMetricData(r -> r.metricDataQueries(queries)
                    .startTime(start).endTime(end).nextToken(token));
            for (MetricDataResult result : page.metricDataResults()) {
                for (Double value : result.values()) {
                    sums.merge(result.id(), value, Double::sum);
                    maxima.merge(result.id(), value, Math::max);
                }
            }
            next = page.nextToken();
        } while (next != null);

        long requests = Math.round(sums.getOrDefault("requests", 0.0));
        double errors = sums.getOrDefault("targetErrors", 0.0) + sums.getOrDefault("connectionErrors", 0.0);
        for (int i = 0; i < balancerErrors.size(); i++) {
            errors += sums.getOrDefault("balancerErrors" + i, 0.0);
        }
        // one period gives one value; should CloudWatch split it, the slowest part is what the limit is about
        Duration p99 = Duration.ofNanos(Math.round(maxima.getOrDefault("p99", 0.0) * 1e9));
        return new BakePolicy.Sample(requests, Math.round(errors), p99);
    }

    private static MetricDataQuery query(String id, String metric, String stat, int period, Dimension... dimensions) {
        return MetricDataQuery.builder().id(id).returnData(true).metricStat(s -> s.stat(stat).period(period)
                .metric(m -> m.namespace(NAMESPACE).metricName(metric).dimensions(dimensions))).build();
    }

    /** A load balancer's metric dimension: {@code app/<name>/<id>}, the end of its ARN. */
    static String loadBalancerDimension(String arn) {
        return after(arn, ":loadbalancer/");
    }

    /** A target group's metric dimension: {@code targetgroup/<name>/<id>}, the end of its ARN. */
    static String targetGroupDimension(String arn) {
        return "targetgroup/" + after(arn, ":targetgroup/");
    }

    private static String after(String arn, String marker) {
        int at = arn.indexOf(marker);
        if (at < 0) {
            throw new IllegalArgumentException("not an Elastic Load Balancing ARN with '" + marker + "': " + arn);
        }
        return arn.substring(at + marker.length());
    }
}
