package dev.bluegreen.aws.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bluegreen.appconfig.AppConfigException;
import dev.bluegreen.aws.AwsException;
import dev.bluegreen.aws.MotoAlb;
import dev.bluegreen.aws.ecs.EcsCapacity;
import dev.bluegreen.aws.ecs.FakeEcs;
import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.aws.flip.AlbSwitch;
import dev.bluegreen.core.release.ReleaseStrategy;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.testing.MotoServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

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

    @Test
    void the_test_side_gets_what_production_runs_read_live_from_its_service() throws Exception {
        MotoAlb lb = MotoAlb.create(moto, "v1");
        Map<String, String> fixed = TemplateConfiguration.fixed("{\"ProductionWebTasks\": \"2\"}");
        Deployer.Build build = new Deployer.Build("v2", "platform-1");

        assertThat(new Deployer(lb.elb).clusterParameters(build, lb.name, fixed))
                .as("without ECS: the stack's ProductionWebTasks").containsEntry("TestWebTasks", "2");
        try (FakeEcs ecs = new FakeEcs(lb.elb); EcsClient client = ecs(ecs)) {
            ecs.service("movies-cluster", "blue-web", lb.groupArn(lb.blue), 3); // autoscaling added one
            ecs.service("movies-cluster", "green-web", lb.groupArn(lb.green), 1);
            lb.setTag(lb.blue, EcsCapacity.CLUSTER_TAG, "movies-cluster");
            lb.setTag(lb.green, EcsCapacity.CLUSTER_TAG, "movies-cluster");

            assertThat(new Deployer(lb.elb, client).clusterParameters(build, lb.name, fixed))
                    .as("what production's service runs now").containsEntry("TestWebTasks", "3")
                    .containsEntry("ProductionWebTasks", "2");
        }
    }

    @Test
    void a_deploy_while_traffic_shifts_is_refused_it_would_put_an_unapproved_build_in_production() {
        MotoAlb lb = MotoAlb.create(moto, "v1");
        lb.setTag(lb.green, "Image", "v2");
        AlbSwitch.flipper(Alb.named(lb.elb, lb.name)).shift("v2", 10, Flipper.Request.by("pipeline"));

        assertThatThrownBy(() -> new Deployer(lb.elb).inputs("v3", lb.name)).isInstanceOf(AwsException.class)
                .hasMessage("cannot deploy to load balancer '" + lb.name + "': '" + lb.green + "' takes 10 % of "
                        + "production while traffic shifts; deploy once the release is done or rolled back");
    }

    @Test
    void the_step_writes_the_apps_release_strategy_for_the_flip_through_the_release_file_seam() throws Exception {
        MotoAlb lb = MotoAlb.create(moto, "v1");
        Files.writeString(dir.resolve("build.json"), "{\"tag\": \"v2\", \"apiTag\": \"platform-1\"}");
        Path app = Files.createDirectories(dir.resolve("app"));
        Map<String, String> options = Map.of("--build-json", dir.resolve("build.json").toString(), "--load-balancer",
                lb.name, "--app-source", app.toString(), "--release-out", dir.resolve("strategy").toString(),
                "--out", dir.resolve("cluster-config.json").toString());
        // a stand-in for the local pipeline's ReleaseFile parser until it is in app-config (AppRelease's seam)
        AppRelease standIn = new AppRelease(file -> {
            try {
                String line = Files.readString(file).lines().filter(l -> l.startsWith("strategy:")).findFirst()
                        .orElseThrow(() -> new AppConfigException("release.yml: strategy is missing"));
                return ReleaseStrategy.parse(line.substring("strategy:".length()));
            } catch (java.io.IOException e) {
                throw new AppConfigException(e.getMessage());
            }
        }, line -> { });

        Deployer.run(options, new Deployer(lb.elb), standIn);
        assertThat(Files.readString(dir.resolve("strategy"))).as("no release.yml").isEqualTo("none");

        Files.writeString(app.resolve("release.yml"), "version: 1\nstrategy: canary:10%:300s\n");
        Deployer.run(options, new Deployer(lb.elb), standIn);
        assertThat(Files.readString(dir.resolve("strategy"))).isEqualTo("canary:10%:5m");

        Deployer.run(options, new Deployer(lb.elb), AppRelease.APP_CONFIG);
        assertThat(Files.readString(dir.resolve("strategy"))).as("app-config's reader").isEqualTo("canary:10%:5m");

        Files.writeString(app.resolve("release.yml"), "version: 1\n");
        assertThatThrownBy(() -> Deployer.run(options, new Deployer(lb.elb), standIn))
                .isInstanceOf(AppConfigException.class).hasMessage("release.yml: strategy is missing");
    }

    @Test
    void the_packaged_step_reads_release_yml_as_the_local_pipeline_does() {
        assertThat(Deployer.RELEASE_FILE).isSameAs(AppRelease.APP_CONFIG);
    }

    private static EcsClient ecs(FakeEcs ecs) {
        return EcsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(MotoAlb.REGION))
                .endpointOverride(ecs.endpoint()).credentialsProvider(MotoAlb.credentials()).build();
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
