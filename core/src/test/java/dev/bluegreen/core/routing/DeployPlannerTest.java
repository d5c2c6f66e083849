package dev.bluegreen.core.routing;

import static dev.bluegreen.core.routing.FlipPlannerTest.ALL_HEALTHY;
import static dev.bluegreen.core.routing.FlipPlannerTest.PAIR;
import static dev.bluegreen.core.routing.FlipPlannerTest.proceed;
import static dev.bluegreen.core.routing.FlipPlannerTest.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's cf_inputs.json rule: {non-production Identifier: new tag, production Identifier: live tag}. */
class DeployPlannerTest {

    @Test
    void a_new_build_goes_to_the_test_side_and_production_stays_pinned() {
        DeployPlanner.DeployPlan plan = DeployPlanner.plan(seed("v1", "v1"), PAIR, "v2");
        assertThat(plan.imagesByIdentifier()).isEqualTo(Map.of("Code2", "v2", "Code1", "v1"));
        assertThat(plan.newBuildGroup()).isEqualTo("green");
        assertThat(plan.firstDeployment()).isFalse();
    }

    @Test
    void after_a_flip_the_next_build_goes_to_the_other_identifier() {
        Routing flipped = proceed(FlipPlanner.flip(seed("v1", "v2"), PAIR, ALL_HEALTHY)).target();
        DeployPlanner.DeployPlan plan = DeployPlanner.plan(flipped, PAIR, "v3");
        assertThat(plan.imagesByIdentifier()).isEqualTo(Map.of("Code1", "v3", "Code2", "v2"));
        assertThat(plan.newBuildGroup()).isEqualTo("blue");
    }

    @Test
    void on_a_first_deployment_both_sides_get_the_new_build() {
        DeployPlanner.DeployPlan plan = DeployPlanner.plan(seed(null, null), PAIR, "v1");
        assertThat(plan.imagesByIdentifier()).isEqualTo(Map.of("Code1", "v1", "Code2", "v1"));
        assertThat(plan.firstDeployment()).isTrue();
    }

    @Test
    void a_missing_or_duplicate_identifier_is_a_clear_error_not_a_null_key() {
        Routing untagged = seed("v1", "v1").withTag("green", Tags.IDENTIFIER, "Code1");
        assertThatThrownBy(() -> DeployPlanner.plan(untagged, PAIR, "v2"))
                .isInstanceOf(DeployPlanner.NotDeployable.class)
                .hasMessage("target groups 'blue' and 'green' are both tagged Identifier=Code1");
        Routing bare = new Routing(Map.of("prod", "blue", "test", "green"), Map.of());
        assertThatThrownBy(() -> DeployPlanner.plan(bare, PAIR, "v2"))
                .hasMessage("target group 'blue' has no Identifier tag");
        assertThatThrownBy(() -> DeployPlanner.plan(seed("v1", "v1"), PAIR, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void before_there_is_a_load_balancer_both_sides_get_the_build_and_production_starts_on_code1() {
        DeployPlanner.DeployPlan plan = DeployPlanner.firstDeployment("v1");
        assertThat(plan.imagesByIdentifier()).isEqualTo(Map.of("Code1", "v1", "Code2", "v1"));
        assertThat(plan.productionIdentifier()).isEqualTo("Code1");
        assertThat(plan.newBuildSide()).isEqualTo("both sides (first deployment)");
        assertThat(DeployPlanner.plan(seed("v1", "v1"), PAIR, "v2").newBuildSide()).isEqualTo("Code2");
    }

    @Test
    void a_first_routing_puts_production_on_code1_and_both_sides_on_the_same_build() {
        Routing first = DeployPlanner.firstRouting(PAIR, "blue", "green", "v1");
        assertThat(first.forwardsTo("prod")).contains("blue");
        assertThat(first.forwardsTo("test")).contains("green");
        assertThat(first.tags("blue")).isEqualTo(Tags.of("Code1", true, "v1"));
        assertThat(first.tags("green")).isEqualTo(Tags.of("Code2", false, "v1"));
    }

    @Test
    void identifiers_other_than_code1_and_code2_cannot_be_deployed_to() {
        Routing odd = seed("v1", "v1").withTag("green", Tags.IDENTIFIER, "Code3");
        assertThatThrownBy(() -> DeployPlanner.plan(odd, PAIR, "v2"))
                .hasMessage("the target groups are tagged Identifier=Code1 and Code3; blue/green needs Code1 and "
                        + "Code2");
    }

    @Test
    void no_build_replaces_the_test_side_while_it_takes_a_share_of_production() {
        Routing shifting = FlipPlannerTest.seed("v1", "v2").withSplit("prod", "green", 25);

        assertThatThrownBy(() -> DeployPlanner.plan(shifting, FlipPlannerTest.PAIR, "v3"))
                .isInstanceOf(DeployPlanner.NotDeployable.class).hasMessage("'green' takes 25 % of production while "
                        + "traffic shifts; deploy once the release is done or rolled back");
    }
}
