package dev.bluegreen.aws.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.testing.MotoServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    void build_json_must_name_usable_tags_for_both_images() throws Exception {
        Path build = dir.resolve("build.json");
        Files.writeString(build, "{\"tag\": \"4f2a9c1e-7\", \"apiTag\": \"platform-0a1b\"}");
        assertThat(Deployer.readBuild(build)).isEqualTo(new Deployer.Build("4f2a9c1e-7", "platform-0a1b"));

        Files.writeString(build, "{\"tag\": \"has space\", \"apiTag\": \"platform-0a1b\"}");
        assertThatThrownBy(() -> Deployer.readBuild(build)).hasMessageContaining("has no usable \"tag\"");
        Files.writeString(build, "{\"tag\": \"4f2a9c1e-7\"}");
        assertThatThrownBy(() -> Deployer.readBuild(build)).hasMessageContaining("has no usable \"apiTag\"");
        Files.writeString(build, "{tag");
        assertThatThrownBy(() -> Deployer.readBuild(build)).hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> Deployer.readBuild(dir.resolve("missing.json")))
                .hasMessageContaining("does not exist; the Build action writes it");
    }

    @Test
    void the_template_configuration_holds_the_pipelines_parameters_and_the_builds() throws Exception {
        MotoAlb lb = MotoAlb.create(moto, "v1");
        Map<String, String> fixed = TemplateConfiguration.fixed("{\"StackName\": \"shop\", \"CertificateArn\": "
                + "\"arn:aws:acm:eu-west-1:123456789012:certificate/abc\"}");

        Map<String, String> parameters = new Deployer(lb.elb).clusterParameters(new Deployer.Build("v2",
                "platform-1"), lb.name, fixed);

        assertThat(parameters).containsExactly(entry("StackName", "shop"),
                entry("CertificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/abc"), entry("Code1", "v1"),
                entry("Code2", "v2"), entry("ProductionIdentifier", "Code1"), entry("ApiTag", "platform-1"));
        JsonNode file = new ObjectMapper().readTree(TemplateConfiguration.write(parameters));
        assertThat(file.fieldNames()).toIterable().containsExactly("Parameters");
        assertThat(file.path("Parameters").path("Code2").asText()).isEqualTo("v2");
    }

    @Test
    void fixed_parameters_are_an_object_of_strings_that_leaves_the_builds_own_to_the_deployer() {
        assertThatThrownBy(() -> TemplateConfiguration.fixed("{\"StackName\": 1}"))
                .hasMessage("--parameters: StackName must be a string, as CloudFormation takes every parameter");
        assertThatThrownBy(() -> TemplateConfiguration.fixed("[\"a\"]"))
                .hasMessage("--parameters must be a JSON object of the cluster stack's parameters");
        assertThatThrownBy(() -> TemplateConfiguration.fixed("{")).hasMessageStartingWith("--parameters is not JSON");
        assertThatThrownBy(() -> TemplateConfiguration.parameters(Map.of("Code1", "x"), Map.of("Code1", "v2")))
                .hasMessage("--parameters sets Code1, which the deployer decides for each build");
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
