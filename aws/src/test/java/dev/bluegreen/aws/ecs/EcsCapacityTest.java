package dev.bluegreen.aws.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.aws.MovingClock;
import dev.bluegreen.aws.Pause;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.core.Outcome;
import dev.bluegreen.core.routing.Capacity;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.core.routing.TaskCounts;
import dev.bluegreen.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Promotion at full size on AWS: the core's Flipper with the ECS services behind moto's load balancer as its
 * Capacity. ECS is a fake at the HTTP level (moto's keeps no service's load balancers and runs no task) whose tasks
 * register as targets of moto's target groups; time is a clock the test holds.
 */
class EcsCapacityTest {

    static final MotoServer moto = MotoServer.shared();
    static final String CLUSTER = "shop-cluster-Cluster-AbC";
    MotoAlb lb;
    FakeEcs fake;
    EcsClient ecs;
    final MovingClock clock = new MovingClock(Instant.parse("2026-12-05T10:00:00Z"));
    final List<Duration> pauses = new ArrayList<>();
    final List<String> progress = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        lb = MotoAlb.create(moto, "v1");
        lb.setTag(lb.green, "Image", "v2");
        fake = new FakeEcs(lb.elb);
        ecs = EcsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(MotoAlb.REGION))
                .endpointOverride(fake.endpoint()).credentialsProvider(MotoAlb.credentials()).build();
    }

    @AfterEach
    void tearDown() {
        ecs.close();
        fake.close();
    }

    /** The cluster as cluster.yaml makes it: the API, and a web service per target group, which names the cluster. */
    private void cluster() {
        fake.service(CLUSTER, "shop-cluster-ApiService-1", null, 2);
        fake.service(CLUSTER, "shop-cluster-BlueService-1", lb.groupArn(lb.blue), 2);
        fake.service(CLUSTER, "shop-cluster-GreenService-1", lb.groupArn(lb.green), 1);
        lb.setTag(lb.blue, EcsCapacity.CLUSTER_TAG, CLUSTER);
        lb.setTag(lb.green, EcsCapacity.CLUSTER_TAG, CLUSTER);
    }

    private Flipper flipper(Duration wait, Pause pause) {
        Alb alb = Alb.named(lb.elb, lb.name);
        return AlbSwitch.flipper(alb, EcsCapacity.of(alb, ecs, wait, clock, pause, progress::add));
    }

    @Test
    void a_flip_scales_the_side_to_productions_count_waits_for_its_tasks_and_then_moves_production() {
        cluster();
        Flipper flipper = flipper(Duration.ofMinutes(10), duration -> {
            pauses.add(duration);
            clock.move(duration);
            fake.startTasks("shop-cluster-GreenService-1"); // ECS started the task, and it passed its checks
        });

        Outcome flip = flipper.flip(Flipper.Request.by("alice"));

        assertThat(flip.done()).as(flip.message()).isTrue();
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.green);
        assertThat(fake.desired("shop-cluster-GreenService-1")).isEqualTo(2);
        assertThat(fake.running("shop-cluster-GreenService-1")).isEqualTo(2);
        assertThat(fake.desired("shop-cluster-BlueService-1")).as("a flip by hand leaves the demoted side as it is")
                .isEqualTo(2);
        assertThat(pauses).as("one look every 5 s until the task was healthy").containsExactly(Duration.ofSeconds(5));
        assertThat(progress).containsExactly("scaled shop-cluster-GreenService-1 from 1 to 2 task(s), before "
                + "production moves to " + lb.green, lb.green + " has 1 of 2 healthy task(s); waiting up to 10 min "
                + "for the rest");
        FakeEcs.Call update = fake.calls.stream().filter(c -> c.operation().equals("UpdateService")).findFirst()
                .orElseThrow();
        assertThat(update.contentType()).isEqualTo("application/x-amz-json-1.1");
        assertThat(update.body().path("cluster").asText()).isEqualTo(CLUSTER);
        assertThat(update.body().path("service").asText()).endsWith("/" + CLUSTER + "/shop-cluster-GreenService-1");
        assertThat(update.body().path("desiredCount").asInt()).isEqualTo(2);
    }

    @Test
    void a_side_that_is_not_healthy_at_full_size_in_time_is_refused_and_scaled_back_production_untouched() {
        cluster();
        Flipper flipper = flipper(Duration.ofMinutes(1), duration -> {
            pauses.add(duration);
            clock.move(duration);
        });

        Outcome flip = flipper.flip(Flipper.Request.by("alice"));

        assertThat(flip.done()).isFalse();
        assertThat(flip.message()).isEqualTo("target group '" + lb.green + "' had 1 of the 2 healthy tasks "
                + "production runs within the wait; production stays on '" + lb.blue + "' (see 'bluegreen status' "
                + "and the tasks' logs)");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
        assertThat(fake.desired("shop-cluster-GreenService-1")).as("scaled back").isEqualTo(1);
        assertThat(pauses).hasSize(12).allMatch(d -> d.equals(Duration.ofSeconds(5)));
    }

    @Test
    void a_rollback_scales_the_previous_side_back_up_first_and_the_bake_idles_the_side_production_left() {
        cluster();
        fake.startingAtOnce();
        Flipper flipper = flipper(Duration.ofMinutes(1), clock::move);
        assertThat(flipper.flip(Flipper.Request.by("pipeline")).done()).isTrue();
        EcsCapacity capacity = EcsCapacity.find(Alb.named(lb.elb, lb.name), ecs, Duration.ZERO, clock, clock::move,
                progress::add).orElseThrow();

        Outcome idle = capacity.idle(lb.blue, TaskCounts.defaults());

        assertThat(idle.message()).isEqualTo("shop-cluster-BlueService-1 scaled from 2 to 1 task(s), idle now that "
                + "production left " + lb.blue);
        assertThat(fake.running("shop-cluster-BlueService-1")).isEqualTo(1);
        assertThat(capacity.idle(lb.blue, TaskCounts.defaults()).message())
                .isEqualTo("shop-cluster-BlueService-1 idles at 1 task(s)");

        Outcome rollback = flipper.rollback(Flipper.Request.by("alice"));

        assertThat(rollback.done()).as(rollback.message()).isTrue();
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
        assertThat(fake.desired("shop-cluster-BlueService-1")).as("at production's count again").isEqualTo(2);
        assertThat(capacity.healthyTasks(lb.blue)).isEqualTo(2);
    }

    @Test
    void a_load_balancer_whose_groups_name_no_cluster_promotes_sides_as_they_are() {
        Alb alb = Alb.named(lb.elb, lb.name);

        assertThat(EcsCapacity.of(alb, ecs, Duration.ofMinutes(1), clock, clock::move, progress::add))
                .isSameAs(Capacity.AS_IS);
        assertThat(AlbSwitch.flipper(alb, Capacity.AS_IS).flip(Flipper.Request.by("alice")).done()).isTrue();
        assertThat(fake.calls).isEmpty();
    }

    @Test
    void a_side_no_service_of_its_cluster_feeds_is_an_error_and_nothing_moves() {
        fake.service(CLUSTER, "shop-cluster-BlueService-1", lb.groupArn(lb.blue), 1);
        lb.setTag(lb.blue, EcsCapacity.CLUSTER_TAG, CLUSTER);
        lb.setTag(lb.green, EcsCapacity.CLUSTER_TAG, CLUSTER);
        Flipper flipper = flipper(Duration.ofMinutes(1), clock::move);

        assertThatThrownBy(() -> flipper.flip(Flipper.Request.by("alice"))).isInstanceOf(AwsException.class)
                .hasMessage("no service of ECS cluster " + CLUSTER + " feeds target group '" + lb.green + "'; nothing "
                        + "scaled, nothing flipped");
        assertThat(lb.forwardsTo(80)).isEqualTo(lb.blue);
    }
}
