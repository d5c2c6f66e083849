package dev.bluegreen.aws.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Discover step's decision against a real ALB API (moto's server): the seed's Code1/Code2 rule. */
class DeployerTest {

    /** One server for the module's tests: each test makes its own load balancer, uniquely named. */
    static final MotoServer moto = MotoServer.shared();

    @TempDir
    Path dir;

    @Test
    void the_first_deployment_gives_both_sides_the_new_build() {
        assertThat(new Deployer(MotoAlb.elb(moto)).inputs("abc123-1", "not-there-yet"))
                .containsExactly(entry("Code1", "abc123-1"), entry("Code2", "abc123-1"),
                        entry("ProductionIdentifier", "Code1"));
    }

    @Test
    void a_new_build_goes_to_the_test_side_and_production_stays_pinned() {
        MotoAlb lb = MotoAlb.create(moto, "v1");
        Deployer deployer = new Deployer(lb.elb);

        assertThat(deployer.inputs("v2", lb.name)).containsExactly(entry("Code1", "v1"), entry("Code2", "v2"),
                entry("ProductionIdentifier", "Code1"));

        lb.setTag(lb.green, "Image", "v2"); // what the cluster stack update does to the tags
        AlbSwitch.flipper(Alb.named(lb.elb, lb.name)).flip(Flipper.Request.by("operator"));

        assertThat(deployer.inputs("v3", lb.name)).as("after the flip, Code2 is live and Code1 gets the build")
                .containsExactly(entry("Code1", "v3"), entry("Code2", "v2"), entry("ProductionIdentifier", "Code2"));
    }

    @Test
    void a_target_group_without_identifier_is_a_clear_error_not_a_null_key() {
        MotoAlb lb = MotoAlb.create(moto, "v1");
        lb.elb.removeTags(r -> r.resourceArns(lb.groupArn(lb.green)).tagKeys("Identifier"));

        assertThatThrownBy(() -> new Deployer(lb.elb).inputs("v2", lb.name)).isInstanceOf(AwsException.class)
                .hasMessage("cannot deploy to load balancer '" + lb.name + "': target group '" + lb.green
                        + "' has no Identifier tag");
    }

    @Test
    void build_json_must_name_a_usable_tag() throws Exception {
        Path build = dir.resolve("build.json");
        Files.writeString(build, "{\"tag\": \"4f2a9c1e-7\"}");
        assertThat(Deployer.readTag(build)).isEqualTo("4f2a9c1e-7");

        Files.writeString(build, "{\"tag\": \"has space\"}");
        assertThatThrownBy(() -> Deployer.readTag(build)).hasMessageContaining("has no usable \"tag\"");
        Files.writeString(build, "{tag");
        assertThatThrownBy(() -> Deployer.readTag(build)).hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> Deployer.readTag(dir.resolve("missing.json")))
                .hasMessageContaining("does not exist; the Build action writes it");
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
